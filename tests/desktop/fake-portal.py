#!/usr/bin/python3
"""A tiny XDG desktop portal for the desktop tests: serves
org.freedesktop.portal.Settings with one setting, org.freedesktop.appearance
color-scheme (0 no preference, 1 dark, 2 light), and emits SettingChanged when the
test calls org.skit.FakePortal.SetColorScheme(u).

With --shortcuts it also serves org.freedesktop.portal.GlobalShortcuts as
xdg-desktop-portal does (CreateSession and BindShortcuts answer through Request
objects' Response signals; a bound shortcut gets the preferred trigger as its
keys, as if the user confirmed the desktop's dialog). The test presses a shortcut
with org.skit.FakePortal.Activate(s id), which emits Activated (or
ActivateWithToken(s id, s token), with an activation_token), and reads what was
bound with org.skit.FakePortal.Bound() (JSON). A real desktop's portal needs a
user at its dialog, which a test cannot be.

Run with Debian's python3 (python3-dbus, python3-gi) on a private session bus:
    fake-portal.py [initial-scheme] [--shortcuts]
"""
import json
import sys
import time

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
SETTINGS = "org.freedesktop.portal.Settings"
SHORTCUTS = "org.freedesktop.portal.GlobalShortcuts"
REQUEST = "org.freedesktop.portal.Request"
SESSION = "org.freedesktop.portal.Session"
CONTROL = "org.skit.FakePortal"
NAMESPACE = "org.freedesktop.appearance"
KEY = "color-scheme"


class Portal(dbus.service.Object):
    def __init__(self, bus, scheme):
        super().__init__(bus, PATH)
        self.scheme = scheme

    def value(self):
        return dbus.UInt32(self.scheme)

    @dbus.service.method(SETTINGS, in_signature="ss", out_signature="v")
    def ReadOne(self, namespace, key):
        if (namespace, key) != (NAMESPACE, KEY):
            raise dbus.exceptions.DBusException(
                "org.freedesktop.portal.Error.NotFound", "no such setting")
        return self.value()

    @dbus.service.method(SETTINGS, in_signature="ss", out_signature="v")
    def Read(self, namespace, key):
        return dbus.types.Variant(self.ReadOne(namespace, key))

    @dbus.service.method(SETTINGS, in_signature="as", out_signature="a{sa{sv}}")
    def ReadAll(self, namespaces):
        return {NAMESPACE: {KEY: self.value()}}

    @dbus.service.signal(SETTINGS, signature="ssv")
    def SettingChanged(self, namespace, key, value):
        pass

    @dbus.service.method("org.skit.FakePortal", in_signature="u", out_signature="")
    def SetColorScheme(self, scheme):
        self.scheme = int(scheme)
        self.SettingChanged(NAMESPACE, KEY, self.value())


class Request(dbus.service.Object):
    """One portal request: answers once with Response, then goes away."""

    @dbus.service.signal(REQUEST, signature="ua{sv}")
    def Response(self, code, results):
        pass

    @dbus.service.method(REQUEST, in_signature="", out_signature="")
    def Close(self):
        self.remove_from_connection()

    def answer_soon(self, results):
        # After the method call's reply, as the real portal does.
        def send():
            self.Response(dbus.UInt32(0), dbus.Dictionary(results, signature="sv"))
            self.remove_from_connection()
            return False
        GLib.idle_add(send)


class PortalSession(dbus.service.Object):
    def __init__(self, bus, path, portal):
        super().__init__(bus, path)
        self.path = path
        self.portal = portal

    @dbus.service.method(SESSION, in_signature="", out_signature="")
    def Close(self):
        print(f"session closed {self.path}", flush=True)
        if self.portal.session is self:
            self.portal.session = None
        self.remove_from_connection()

    @dbus.service.signal(SESSION, signature="a{sv}")
    def Closed(self, details):
        pass


def sender_id(sender):
    return sender[1:].replace(".", "_")


class PortalWithShortcuts(Portal):
    def __init__(self, bus, scheme):
        super().__init__(bus, scheme)
        self.bus = bus
        self.session = None
        self.bound = []
        self.binds = 0

    @dbus.service.method(SHORTCUTS, in_signature="a{sv}", out_signature="o",
                         sender_keyword="sender")
    def CreateSession(self, options, sender=None):
        sid = sender_id(sender)
        request_path = f"{PATH}/request/{sid}/{options['handle_token']}"
        session_path = f"{PATH}/session/{sid}/{options['session_handle_token']}"
        self.session = PortalSession(self.bus, session_path, self)
        request = Request(self.bus, request_path)
        request.answer_soon({"session_handle": dbus.String(session_path)})
        return dbus.ObjectPath(request_path)

    @dbus.service.method(SHORTCUTS, in_signature="oa(sa{sv})sa{sv}", out_signature="o",
                         sender_keyword="sender")
    def BindShortcuts(self, session, shortcuts, parent_window, options, sender=None):
        request_path = f"{PATH}/request/{sender_id(sender)}/{options['handle_token']}"
        self.bound = [
            {"id": str(sid), "description": str(info.get("description", "")),
             "trigger": str(info.get("preferred_trigger", ""))}
            for sid, info in shortcuts
        ]
        self.binds += 1
        print(f"bound {json.dumps(self.bound)}", flush=True)
        results = dbus.Array([
            dbus.Struct((b["id"], dbus.Dictionary({
                "description": dbus.String(b["description"]),
                "trigger_description": dbus.String(b["trigger"]),
            }, signature="sv"))) for b in self.bound
        ], signature="(sa{sv})")
        request = Request(self.bus, request_path)
        request.answer_soon({"shortcuts": results})
        return dbus.ObjectPath(request_path)

    @dbus.service.signal(SHORTCUTS, signature="osta{sv}")
    def Activated(self, session, shortcut, timestamp, options):
        pass

    @dbus.service.method(CONTROL, in_signature="s", out_signature="b")
    def Activate(self, shortcut):
        """Presses a bound shortcut; false when no session has it."""
        if self.session is None or all(b["id"] != shortcut for b in self.bound):
            return False
        self.Activated(dbus.ObjectPath(self.session.path), shortcut,
                       dbus.UInt64(int(time.time() * 1000)),
                       dbus.Dictionary({}, signature="sv"))
        return True

    @dbus.service.method(CONTROL, in_signature="ss", out_signature="b")
    def ActivateWithToken(self, shortcut, token):
        """Presses a bound shortcut, with an activation token in the signal's
        options as xdg-desktop-portal 1.19+ sends one."""
        if self.session is None or all(b["id"] != shortcut for b in self.bound):
            return False
        self.Activated(dbus.ObjectPath(self.session.path), shortcut,
                       dbus.UInt64(int(time.time() * 1000)),
                       dbus.Dictionary({"activation_token": dbus.String(token)}, signature="sv"))
        return True

    @dbus.service.method(CONTROL, in_signature="", out_signature="s")
    def Bound(self):
        return json.dumps({"binds": self.binds, "shortcuts": self.bound,
                           "session": self.session is not None})


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    scheme = int(args[0]) if args else 2
    if "--shortcuts" in sys.argv:
        PortalWithShortcuts(bus, scheme)
    else:
        Portal(bus, scheme)
    name = dbus.service.BusName(BUS_NAME, bus, do_not_queue=True)
    print("fake portal ready", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
