#!/usr/bin/python3
"""A fake logind for the desktop test: owns org.freedesktop.login1 on the test's
private session bus (skit looks there when SKIT_LOGIND_BUS=session) and prints
one line per call that would act, tab-separated:

    call<TAB>Suspend<TAB>False

Arguments name the answers of the Can… methods that are not "yes", e.g.
`CanHibernate=na`. The session (/org/freedesktop/login1/session/auto) has an Id,
Lock and Terminate. Nothing happens to the machine. Run with Debian's python3
(python3-dbus, python3-gi), like fake-notifications.py.
"""
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

BUS_NAME = "org.freedesktop.login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"


def record(*call):
    print("call\t" + "\t".join(str(part) for part in call), flush=True)


class Manager(dbus.service.Object):
    def __init__(self, bus, answers):
        super().__init__(bus, "/org/freedesktop/login1")
        self.answers = answers

    def can(self, name):
        return self.answers.get(name, "yes")

    @dbus.service.method(MANAGER, in_signature="", out_signature="s")
    def CanSuspend(self):
        return self.can("CanSuspend")

    @dbus.service.method(MANAGER, in_signature="", out_signature="s")
    def CanHibernate(self):
        return self.can("CanHibernate")

    @dbus.service.method(MANAGER, in_signature="", out_signature="s")
    def CanReboot(self):
        return self.can("CanReboot")

    @dbus.service.method(MANAGER, in_signature="", out_signature="s")
    def CanPowerOff(self):
        return self.can("CanPowerOff")

    @dbus.service.method(MANAGER, in_signature="b", out_signature="")
    def Suspend(self, interactive):
        record("Suspend", bool(interactive))

    @dbus.service.method(MANAGER, in_signature="b", out_signature="")
    def Hibernate(self, interactive):
        record("Hibernate", bool(interactive))

    @dbus.service.method(MANAGER, in_signature="b", out_signature="")
    def Reboot(self, interactive):
        record("Reboot", bool(interactive))

    @dbus.service.method(MANAGER, in_signature="b", out_signature="")
    def PowerOff(self, interactive):
        record("PowerOff", bool(interactive))


class Session(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, "/org/freedesktop/login1/session/auto")

    @dbus.service.method(SESSION, in_signature="", out_signature="")
    def Lock(self):
        record("Lock")

    @dbus.service.method(SESSION, in_signature="", out_signature="")
    def Terminate(self):
        record("Terminate")

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, interface, name):
        if interface == SESSION and name == "Id":
            return "c1"
        raise dbus.exceptions.DBusException("no such property", name="org.freedesktop.DBus.Error.UnknownProperty")

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface):
        return {"Id": "c1"} if interface == SESSION else {}


def main():
    answers = dict(arg.split("=", 1) for arg in sys.argv[1:])
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    Manager(bus, answers)
    Session(bus)
    name = dbus.service.BusName(BUS_NAME, bus, do_not_queue=True)
    print("fake logind ready", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
