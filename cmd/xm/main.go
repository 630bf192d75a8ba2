// Command xm checks, compiles and replays an online shop's customer-service
// bot scripts kept as YAML. See README.md.
package main

import "os"

func main() { os.Exit(Main()) }
