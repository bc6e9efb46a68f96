#!/bin/sh
# CodeCrafters runs this for every stage, in the repository, with the stage's arguments.
set -e
exec "$(dirname "$0")/../your_program.sh" "$@"
