#!/usr/bin/python3
"""A plain X11 window titled by its argument, for "Switch to Window": it prints
its window id once mapped and then only waits. Run with Debian's python3
(python3-xlib), like clipboard-fixture.py."""
import sys

from Xlib import X, Xutil, display


def main(title):
    d = display.Display()
    screen = d.screen()
    window = screen.root.create_window(
        60, 60, 360, 120, 0, screen.root_depth, X.InputOutput, X.CopyFromParent,
        background_pixel=screen.white_pixel, event_mask=X.StructureNotifyMask)
    window.set_wm_class("switch-fixture", "SwitchFixture")
    window.set_wm_name(title)
    window.change_property(d.intern_atom("_NET_WM_NAME"), d.intern_atom("UTF8_STRING"), 8, title.encode())
    window.set_wm_hints(flags=Xutil.InputHint, input=1)
    window.map()
    d.flush()
    while True:
        e = d.next_event()
        if e.type == X.MapNotify and e.window.id == window.id:
            print(window.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
