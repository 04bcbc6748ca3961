#!/usr/bin/python3
"""A fake desktop notification service for the desktop test: serves
org.freedesktop.Notifications on the test's private session bus and prints one
line per notification it is asked to show, tab-separated:

    notify<TAB>app name<TAB>summary<TAB>body

Nothing is drawn: the test reads the lines. Run with Debian's python3
(python3-dbus, python3-gi), like fake-portal.py.
"""
import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Notifications(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.last_id = 0

    @dbus.service.method(BUS_NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        self.last_id += 1
        print(f"notify\t{app_name}\t{summary}\t{body}", flush=True)
        return dbus.UInt32(self.last_id)

    @dbus.service.method(BUS_NAME, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["body"]

    @dbus.service.method(BUS_NAME, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("fake-notifications", "skit", "1", "1.2")

    @dbus.service.method(BUS_NAME, in_signature="u", out_signature="")
    def CloseNotification(self, notification_id):
        pass


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    Notifications(bus)
    name = dbus.service.BusName(BUS_NAME, bus, do_not_queue=True)
    print("fake notifications ready", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
