#!/bin/sh
# CodeCrafters runs this once before the stages: build the jar and record the start-up cache,
# so that every stage's launch only starts the server.
set -e
CINNABAR_PREPARE_ONLY=1 exec "$(dirname "$0")/../your_program.sh"
