module github.com/xm-dev/xm/bench

go 1.26.0

replace github.com/xm-dev/xm => ../

require (
	github.com/BobuSumisu/aho-corasick v1.0.3
	github.com/anknown/ahocorasick v0.0.0-20190904063843-d75dbd5169c0
	github.com/cloudflare/ahocorasick v0.0.0-20240916140611-054963ec9396
	github.com/coregx/ahocorasick v0.3.1
	github.com/petar-dambovaliev/aho-corasick v0.0.0-20250424160509-463d218d4745
	github.com/xm-dev/xm v0.0.0-00010101000000-000000000000
)

require (
	github.com/anknown/darts v0.0.0-20151216065714-83ff685239e6 // indirect
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // indirect
	go.yaml.in/yaml/v4 v4.0.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
