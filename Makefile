# The README's commands. Each installs what it needs where it is missing.
.PHONY: demo demo-up test bench fuzz build-release

## The local demo: the whole account-linking life cycle against a local Salesforce stand-in.
demo:
	@scripts/ensure-tools.sh cargo-lambda
	cargo run --quiet --locked -p local-stack --bin demo

## The same stack, left running for hands-on use (Ctrl-C stops it).
demo-up:
	@scripts/ensure-tools.sh cargo-lambda
	cargo run --quiet --locked -p local-stack --bin demo -- up

## Every test: fmt, clippy, cfn-lint, unit, integration and end-to-end tests.
test:
	scripts/test.sh

## Benchmarks: cold start, latency added, memory, size, micro-benchmarks.
bench:
	bench/run.sh

## A short fuzzing run of every target.
fuzz:
	scripts/fuzz.sh

## Release builds of both functions for arm64 (what SAM deploys).
build-release:
	scripts/build-release.sh
