#!/usr/bin/python3
"""A tiny XDG desktop portal for the desktop test: serves
org.freedesktop.portal.Settings with one setting, org.freedesktop.appearance
color-scheme (0 no preference, 1 dark, 2 light), and emits SettingChanged when the
test calls org.skit.FakePortal.SetColorScheme(u).

Run with Debian's python3 (python3-dbus, python3-gi) on a private session bus:
    fake-portal.py [initial-scheme]
"""
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
SETTINGS = "org.freedesktop.portal.Settings"
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


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    Portal(bus, int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    name = dbus.service.BusName(BUS_NAME, bus, do_not_queue=True)
    print("fake portal ready", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
