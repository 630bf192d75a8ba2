package main

import (
	"errors"
	"fmt"

	"github.com/xm-dev/xm/i18n"
	"github.com/xm-dev/xm/simulate"
)

// Exit codes, the contract CI relies on.
const (
	exitOK       = 0 // nothing at or above the threshold
	exitFindings = 1 // findings, a failed gate, a missed expectation
	exitUsage    = 2 // could not run: bad flag, no project, unreadable input
)

// cliError carries a message for the user and the exit code to end with.
type cliError struct {
	code int
	msg  i18n.Text
	hint i18n.Text
}

func (e *cliError) Error() string { return e.msg.EN }

func usageErr(msg, hint i18n.Text) error { return &cliError{code: exitUsage, msg: msg, hint: hint} }

// failed is returned by a command that ran and found something; it prints
// nothing more.
type failed struct{ code int }

func (f failed) Error() string { return fmt.Sprintf("exit %d", f.code) }

func asProblem(err error, p **simulate.Problem) bool { return errors.As(err, p) }
