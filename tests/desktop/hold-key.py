#!/usr/bin/python3
"""Holds a global key grab, as another program would: grabs Ctrl+Alt+Space on the
root window of $DISPLAY, prints "holding", and keeps it until killed."""
import ctypes
import ctypes.util
import signal

x = ctypes.CDLL(ctypes.util.find_library("X11"))
x.XOpenDisplay.restype = ctypes.c_void_p
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XStringToKeysym.restype = ctypes.c_ulong
x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x.XGrabKey.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
                       ctypes.c_int, ctypes.c_int]
x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]

display = x.XOpenDisplay(None)
root = x.XDefaultRootWindow(display)
space = x.XKeysymToKeycode(display, x.XStringToKeysym(b"space"))
CONTROL, MOD1, LOCK, MOD2 = 4, 8, 2, 16
for extra in (0, LOCK, MOD2, LOCK | MOD2):
    x.XGrabKey(display, space, CONTROL | MOD1 | extra, root, 0, 1, 1)
x.XSync(display, 0)
print("holding", flush=True)
signal.pause()
