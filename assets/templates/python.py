#!/usr/bin/env python3
# Name: {{name}}
# Description: What it does, in a few words
import os
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

# Ask something (drop the choices for free text), then act on the answer.
answer = skit.arg("Pick one…", ["first choice", "second choice"])
skit.notify(f"You picked: {answer}")
