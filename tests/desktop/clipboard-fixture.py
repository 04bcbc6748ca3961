#!/usr/bin/python3
"""X11 stand-ins for the clipboard part of the desktop test (python3-xlib).

    clipboard-fixture.py target LOG   a window (WM_CLASS paste-target/PasteTarget)
        that behaves like a text field: on Ctrl+V (or Ctrl+Shift+V) it reads the
        CLIPBOARD as UTF8_STRING and appends {"pasted": text, "shift": bool} to LOG;
        other keys append {"typed": character}. Prints its window id once mapped.
    clipboard-fixture.py secret TEXT  owns the CLIPBOARD like a password manager:
        offers TEXT with x-kde-passwordManagerHint = secret (xclip offers one target
        only). Prints "owning" once it owns it and "served TARGET" for each request
        it answers; exits when another program takes the clipboard.
"""

import json
import sys

from Xlib import X, XK, Xatom, Xutil, display
from Xlib.protocol import event


def keysym_char(keysym):
    if keysym == XK.XK_Return:
        return "\n"
    if keysym == XK.XK_Tab:
        return "\t"
    if 0x20 <= keysym <= 0x7E or 0xA0 <= keysym <= 0xFF:
        return chr(keysym)
    if 0x1000000 <= keysym <= 0x110FFFF:
        return chr(keysym - 0x1000000)
    return None


def target(log_path):
    d = display.Display()
    screen = d.screen()
    window = screen.root.create_window(
        40, 40, 420, 160, 0, screen.root_depth, X.InputOutput, X.CopyFromParent,
        background_pixel=screen.white_pixel,
        event_mask=X.KeyPressMask | X.StructureNotifyMask)
    window.set_wm_class("paste-target", "PasteTarget")
    window.set_wm_name("paste target")
    window.set_wm_hints(flags=Xutil.InputHint, input=1)
    window.map()
    d.flush()
    clipboard = d.intern_atom("CLIPBOARD")
    utf8 = d.intern_atom("UTF8_STRING")
    prop = d.intern_atom("PASTE_TARGET")
    log = open(log_path, "a", encoding="utf-8")

    def record(entry):
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        log.flush()

    while True:
        e = d.next_event()
        if e.type == X.MapNotify and e.window.id == window.id:
            print(window.id, flush=True)
        elif e.type == X.MappingNotify:
            # skit may borrow spare keycodes to type characters the map lacks.
            d.refresh_keyboard_mapping(e)
        elif e.type == X.KeyPress:
            shift = bool(e.state & X.ShiftMask)
            keysym = d.keycode_to_keysym(e.detail, 1 if shift else 0) or d.keycode_to_keysym(e.detail, 0)
            if e.state & X.ControlMask:
                if keysym not in (XK.XK_v, XK.XK_V):
                    continue
                window.convert_selection(clipboard, utf8, prop, e.time)
                d.flush()
                while True:
                    n = d.next_event()
                    if n.type == X.SelectionNotify and n.requestor.id == window.id:
                        break
                text = None
                if n.property != X.NONE:
                    value = window.get_full_property(prop, X.AnyPropertyType)
                    window.delete_property(prop)
                    if value is not None:
                        data = value.value
                        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
                record({"pasted": text, "shift": shift})
            else:
                char = keysym_char(keysym)
                if char is not None:
                    record({"typed": char})
                elif keysym == XK.XK_Left:
                    record({"key": "Left"})


def secret(text):
    d = display.Display()
    root = d.screen().root
    window = root.create_window(0, 0, 1, 1, 0, X.CopyFromParent)
    window.set_wm_class("secret-owner", "PasswordApp")
    clipboard = d.intern_atom("CLIPBOARD")
    targets = d.intern_atom("TARGETS")
    utf8 = d.intern_atom("UTF8_STRING")
    hint = d.intern_atom("x-kde-passwordManagerHint")
    window.set_selection_owner(clipboard, X.CurrentTime)
    d.flush()
    if d.get_selection_owner(clipboard) != window:
        sys.exit("could not take the clipboard")
    print("owning", flush=True)
    while True:
        e = d.next_event()
        if e.type == X.SelectionClear:
            return
        if e.type != X.SelectionRequest:
            continue
        requestor = e.requestor
        prop = e.property or e.target
        if e.target == targets:
            requestor.change_property(prop, Xatom.ATOM, 32, [targets, utf8, hint])
        elif e.target == utf8:
            requestor.change_property(prop, utf8, 8, text.encode("utf-8"))
        elif e.target == hint:
            requestor.change_property(prop, hint, 8, b"secret")
        else:
            prop = X.NONE
        requestor.send_event(event.SelectionNotify(
            time=e.time, requestor=requestor, selection=e.selection, target=e.target,
            property=prop))
        d.flush()
        if prop != X.NONE:
            print("served", d.get_atom_name(e.target), flush=True)


if __name__ == "__main__":
    {"target": target, "secret": secret}[sys.argv[1]](sys.argv[2])
