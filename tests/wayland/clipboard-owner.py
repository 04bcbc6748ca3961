#!/usr/bin/env python3
"""A test owner for skit's Wayland clipboard test.

Takes the Wayland CLIPBOARD (or, with --primary, the PRIMARY) selection through
the wlroots data-control protocol (zwlr_data_control_manager_v1) and offers
several MIME types at once, which wl-copy cannot: e.g. text plus
x-kde-passwordManagerHint. Pure standard library: it speaks the Wayland wire
protocol itself over $XDG_RUNTIME_DIR/$WAYLAND_DISPLAY.

    clipboard-owner.py [--primary] --offer MIME TEXT [--offer MIME TEXT ...]

Prints "owned" once the compositor has the selection, "served MIME" for each
paste, and "cancelled" (then exits 0) when another client takes the selection.
"""
import argparse
import collections
import os
import signal
import socket
import struct
import sys

# Opcodes (wayland.xml and wlr-data-control-unstable-v1.xml).
DISPLAY_SYNC, DISPLAY_GET_REGISTRY = 0, 1          # wl_display requests
DISPLAY_ERROR = 0                                  # wl_display event
REGISTRY_BIND, REGISTRY_GLOBAL = 0, 0              # wl_registry request / event
CALLBACK_DONE = 0                                  # wl_callback event
MANAGER_CREATE_SOURCE, MANAGER_GET_DEVICE = 0, 1   # zwlr_data_control_manager_v1
SOURCE_OFFER = 0                                   # zwlr_data_control_source_v1
SOURCE_SEND, SOURCE_CANCELLED = 0, 1               # ... its events
DEVICE_SET_SELECTION, DEVICE_SET_PRIMARY = 0, 2    # zwlr_data_control_device_v1
MANAGER = "zwlr_data_control_manager_v1"


def die(message):
    print(f"clipboard-owner: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def string(text):
    data = text.encode() + b"\0"
    return struct.pack("<I", len(data)) + data + b"\0" * (-len(data) % 4)


def uints(*values):
    return struct.pack(f"<{len(values)}I", *values)


def read_string(body, pos):
    """Returns the string at body[pos:] and the position after it."""
    (length,) = struct.unpack_from("<I", body, pos)
    text = body[pos + 4:pos + 4 + max(length - 1, 0)].decode(errors="replace")
    return text, pos + 4 + length + (-length % 4)


class Connection:
    def __init__(self):
        display = os.environ.get("WAYLAND_DISPLAY", "wayland-0")
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        path = display if display.startswith("/") else os.path.join(runtime, display)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.sock.connect(path)
        except OSError as err:
            die(f"cannot connect to the Wayland socket {path}: {err}")
        self.next_id = 2  # 1 is wl_display
        self.buf = b""
        self.fds = collections.deque()  # fds received, taken in order by `send`

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def request(self, obj, opcode, payload=b""):
        self.sock.sendall(uints(obj, (8 + len(payload)) << 16 | opcode) + payload)

    def events(self):
        """Yields (object, opcode, body) for every event, reading as needed."""
        while True:
            while len(self.buf) >= 8:
                obj, word = struct.unpack_from("<II", self.buf)
                size = word >> 16
                if size < 8:
                    die(f"malformed message from the compositor (size {size})")
                if len(self.buf) < size:
                    break
                body, self.buf = self.buf[8:size], self.buf[size:]
                yield obj, word & 0xFFFF, body
            data, fds, _, _ = socket.recv_fds(self.sock, 65536, 32)
            if not data:
                die("the compositor closed the connection")
            self.buf += data
            self.fds.extend(fds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--primary", action="store_true", help="own PRIMARY, not CLIPBOARD")
    parser.add_argument("--offer", nargs=2, action="append", required=True,
                        metavar=("MIME", "TEXT"), help="offer TEXT as MIME (repeatable)")
    args = parser.parse_args()
    texts = dict(args.offer)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    conn = Connection()
    registry = conn.new_id()
    conn.request(1, DISPLAY_GET_REGISTRY, uints(registry))
    globals_ = {}  # interface -> (name, version)
    source = None

    def handle(obj, opcode, body):
        """Handles one event; anything else (delete_id, data_offer and its offers'
        events, selection, the seat's events) is of no interest: skipped by size."""
        if obj == 1 and opcode == DISPLAY_ERROR:
            (culprit, code), (message, _) = struct.unpack_from("<II", body), read_string(body, 8)
            die(f"protocol error on object {culprit}, code {code}: {message}")
        elif obj == registry and opcode == REGISTRY_GLOBAL:
            (name,) = struct.unpack_from("<I", body)
            interface, pos = read_string(body, 4)
            globals_.setdefault(interface, (name, struct.unpack_from("<I", body, pos)[0]))
        elif obj == source and opcode == SOURCE_SEND:
            mime, _ = read_string(body, 0)
            if not conn.fds:
                die(f"a send event for {mime} came without a file descriptor")
            try:
                with open(conn.fds.popleft(), "wb") as pipe:
                    pipe.write(texts.get(mime, "").encode())
            except OSError as err:  # the reader went away early
                print(f"clipboard-owner: writing {mime}: {err}", file=sys.stderr, flush=True)
            print(f"served {mime}", flush=True)
        elif obj == source and opcode == SOURCE_CANCELLED:
            print("cancelled", flush=True)
            sys.exit(0)

    def roundtrip():
        """Sends wl_display.sync and handles events until its callback is done."""
        callback = conn.new_id()
        conn.request(1, DISPLAY_SYNC, uints(callback))
        for obj, opcode, body in conn.events():
            if obj == callback and opcode == CALLBACK_DONE:
                return
            handle(obj, opcode, body)

    def bind(interface, version):
        name, _ = globals_[interface]
        new = conn.new_id()
        conn.request(registry, REGISTRY_BIND,
                     uints(name) + string(interface) + uints(version, new))
        return new

    roundtrip()
    for interface in ("wl_seat", MANAGER):
        if interface not in globals_:
            die(f"the compositor does not offer {interface}")
    manager_version = min(globals_[MANAGER][1], 2)
    if args.primary and manager_version < 2:
        die(f"--primary needs {MANAGER} version 2, the compositor has {manager_version}")
    seat = bind("wl_seat", 1)
    manager = bind(MANAGER, manager_version)

    source = conn.new_id()
    conn.request(manager, MANAGER_CREATE_SOURCE, uints(source))
    for mime in texts:
        conn.request(source, SOURCE_OFFER, string(mime))
    device = conn.new_id()
    conn.request(manager, MANAGER_GET_DEVICE, uints(device, seat))
    conn.request(device, DEVICE_SET_PRIMARY if args.primary else DEVICE_SET_SELECTION,
                 uints(source))
    roundtrip()
    print("owned", flush=True)
    for event in conn.events():  # serve until cancelled or SIGTERM
        handle(*event)


if __name__ == "__main__":
    main()
