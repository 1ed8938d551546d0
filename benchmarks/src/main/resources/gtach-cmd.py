#!/usr/bin/env python3
"""gtach cmd without a JVM, to measure what the JVM costs the client: gtach-cmd.py <home> '<command line>'.

A measuring aid, not a client to ship: it trusts the socket without the checks gtach.jar's client
makes. The protocol is the console bundle's CommandProtocol: frames of one kind byte, a 4-byte
big-endian length and the payload.
"""
import os
import socket
import struct
import sys


def frame(kind, text):
    payload = text.encode("utf-8")
    return kind + struct.pack(">I", len(payload)) + payload


def main():
    home, line = sys.argv[1], sys.argv[2]
    channel = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    channel.connect(os.path.join(home, "run", "gtach.sock"))
    channel.sendall(frame(b"D", os.getcwd()) + frame(b"C", line))
    answer = channel.makefile("rb")
    while True:
        head = answer.read(5)
        if len(head) < 5:
            sys.exit(1)
        kind, length = head[:1], struct.unpack(">I", head[1:])[0]
        payload = answer.read(length)
        if kind == b"O":
            sys.stdout.buffer.write(payload)
        elif kind == b"E":
            sys.stderr.buffer.write(payload)
        elif kind == b"X":
            sys.stdout.flush()
            sys.exit(struct.unpack(">i", payload)[0])


main()
