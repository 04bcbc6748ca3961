#!/usr/bin/env python3
# Name: Pick Emoji
# Description: Find an emoji by name and paste it where you were typing
# Alias: emoji
import os
import sys

sys.path.insert(0, os.environ["SKIT_SDK"])
import skit

EMOJI = [
    ("😀", "grinning face", "happy smile"),
    ("😂", "face with tears of joy", "laugh lol"),
    ("🙂", "slightly smiling face", "smile"),
    ("😉", "winking face", "wink"),
    ("😍", "smiling face with heart-eyes", "love"),
    ("🤔", "thinking face", "hmm think"),
    ("😅", "grinning face with sweat", "phew relief"),
    ("😭", "loudly crying face", "sad cry"),
    ("😎", "smiling face with sunglasses", "cool"),
    ("🙃", "upside-down face", "silly irony"),
    ("🙏", "folded hands", "please thanks"),
    ("👍", "thumbs up", "yes ok approve +1"),
    ("👎", "thumbs down", "no disapprove -1"),
    ("👏", "clapping hands", "applause bravo"),
    ("🙌", "raising hands", "hooray celebrate"),
    ("👀", "eyes", "look see"),
    ("💪", "flexed biceps", "strong"),
    ("🎉", "party popper", "celebrate tada"),
    ("🔥", "fire", "hot lit"),
    ("✨", "sparkles", "shiny new"),
    ("✅", "check mark button", "done yes"),
    ("❌", "cross mark", "no wrong"),
    ("⚠️", "warning", "caution"),
    ("❤️", "red heart", "love"),
    ("💡", "light bulb", "idea"),
    ("🚀", "rocket", "launch ship"),
    ("🐛", "bug", "insect defect"),
    ("☕", "hot beverage", "coffee tea"),
    ("🍕", "pizza", "food"),
    ("🎯", "direct hit", "target goal"),
]

choice = skit.arg(
    "Search emoji…",
    [{"name": f"{e}  {name}", "value": e, "description": keywords} for e, name, keywords in EMOJI],
)
# Into the window you came from; your clipboard is put back afterwards.
skit.paste(choice)
