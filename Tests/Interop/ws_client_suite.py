#!/usr/bin/env python3
"""Interoperability checks of a WebSocket echo server with clients nobody on the project wrote.

The well-behaved checks use the `websockets` package; the protocol-violation checks use a minimal raw
client in this file (hand-made HTTP upgrade, hand-crafted frames) and read the server's close code.

    ws_client_suite.py ECHO [--only NAME ...] [--connections N]
    ws_client_suite.py --url ws://127.0.0.1:9001/ [--only NAME ...]

ECHO is the echo server's command (a path, or a quoted command line such as
"python3 reference_echo.py"); it must take switchboard-echo's flags and print `listening on HOST:PORT`
to stderr once bound. Each server is started on `--port 0`; checks that need special flags start their
own. With `--url` only the checks that need no special server run; the others are skipped.

Prints one line per check (`PASS name`, `FAIL name: why`, `SKIP name: why`) and a final line
`N passed, M failed[, K skipped]`; exits 1 when any check failed.
"""

import argparse
import asyncio
import base64
import collections
import ctypes
import hashlib
import os
import random
import re
import shlex
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback

from websockets.asyncio.client import connect as async_connect
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
START_TIMEOUT = 20.0  # seconds for a server to print its `listening on` line
IO_TIMEOUT = 10.0  # seconds for any single read or handshake
SMALL_LIMIT = 1024  # --max-message-bytes of the server used for the 1009 checks

# MARK: - Echo server processes


def _die_with_parent():
    """Runs in the child before exec: the kernel kills it if this process dies, even by SIGKILL.

    Also gives it default handling of every signal, unblocked: a parent such as a test runner may have
    SIGTERM blocked or SIGINT ignored, which the server would inherit and the shutdown check needs.
    """
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class EchoServer:
    """One echo server process on 127.0.0.1 and an ephemeral port; stderr is kept for diagnostics."""

    running = []

    def __init__(self, command, *flags):
        self.command = list(command) + ["--host", "127.0.0.1", "--port", "0"] + list(flags)
        self.lines = collections.deque(maxlen=200)
        self.process = subprocess.Popen(
            self.command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent,
        )
        EchoServer.running.append(self)
        bound = threading.Event()
        self.port = None

        def drain():
            for raw in self.process.stderr:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self.lines.append(line)
                match = re.search(r"listening on (\S+):(\d+)\s*$", line)
                if match and self.port is None:
                    self.port = int(match.group(2))
                    bound.set()
            bound.set()

        threading.Thread(target=drain, daemon=True).start()
        if not bound.wait(START_TIMEOUT) or self.port is None:
            self.stop()
            raise RuntimeError(
                f"server {shlex.join(self.command)} printed no `listening on HOST:PORT` line "
                f"within {START_TIMEOUT:.0f} s (exit status {self.process.poll()}); stderr: {self.tail()}"
            )
        self.url = f"ws://127.0.0.1:{self.port}/"

    def tail(self, count=8):
        return " | ".join(list(self.lines)[-count:]) or "(nothing)"

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        if self in EchoServer.running:
            EchoServer.running.remove(self)

    @classmethod
    def stop_all(cls):
        for server in list(cls.running):
            server.stop()


# MARK: - Raw client for protocol violations


def frame(opcode, payload=b"", fin=True, rsv=0, mask=True):
    """Encodes one frame; `rsv` is the 3-bit RSV1..3 field, `mask` False sends it unmasked."""
    first = (0x80 if fin else 0) | (rsv & 0x7) << 4 | (opcode & 0xF)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", first, (0x80 if mask else 0) | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", first, (0x80 if mask else 0) | 126, length)
    else:
        header = struct.pack("!BBQ", first, (0x80 if mask else 0) | 127, length)
    if not mask:
        return header + payload
    key = os.urandom(4)
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return header + key + masked


class RawClient:
    """A WebSocket client with no rules of its own: does the upgrade by hand, sends any bytes."""

    def __init__(self, port, path="/"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=IO_TIMEOUT)
        self.buffer = b""
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise AssertionError(f"connection closed during the upgrade; got {self.buffer!r}")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        if not re.match(r"HTTP/1\.1 101\b", lines[0]):
            raise AssertionError(f"upgrade answered {lines[0]!r}, expected 101")
        headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
        expected = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            raise AssertionError(f"Sec-WebSocket-Accept {headers.get('sec-websocket-accept')!r}, expected {expected!r}")

    def send(self, data):
        self.sock.sendall(data)

    def _read(self, count, deadline):
        while len(self.buffer) < count:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise AssertionError(f"no close frame from the server within {IO_TIMEOUT:.0f} s")
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                return None
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def read_frame(self, deadline):
        """Returns (fin, opcode, payload), or None when the server closed the TCP connection."""
        head = self._read(2, deadline)
        if head is None:
            return None
        length = head[1] & 0x7F
        if head[1] & 0x80:
            raise AssertionError("the server sent a masked frame")
        if length == 126:
            raw = self._read(2, deadline)
            length = struct.unpack("!H", raw)[0] if raw else None
        elif length == 127:
            raw = self._read(8, deadline)
            length = struct.unpack("!Q", raw)[0] if raw else None
        if length is None:
            return None
        payload = self._read(length, deadline)
        if payload is None:
            return None
        return bool(head[0] & 0x80), head[0] & 0x0F, payload

    def close_code(self):
        """Reads until the server's close frame; returns its status code (None for an empty payload).

        Raises when the server drops the connection without a close frame or says nothing in time.
        """
        deadline = time.monotonic() + IO_TIMEOUT
        while True:
            received = self.read_frame(deadline)
            if received is None:
                raise AssertionError("the server closed the TCP connection without sending a close frame")
            _, opcode, payload = received
            if opcode == 0x8:
                return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# MARK: - Checks


class Skip(Exception):
    """The check cannot run in this mode."""


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def text_of_bytes(size):
    """Text of exactly `size` UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters, in no repeating order."""
    rng = random.Random(size)
    alphabet = ["a", "Z", "7", " ", "é", "ß", "€", "✓", "𝄞", "😀"]
    parts, length = [], 0
    while length < size - 4:
        char = rng.choice(alphabet)
        parts.append(char)
        length += len(char.encode())
    parts.append("x" * (size - length))
    return "".join(parts)


def describe(data):
    if len(data) <= 16:
        return repr(data)
    return f"{type(data).__name__} of {len(data)} {'chars' if isinstance(data, str) else 'bytes'}"


class Suite:
    def __init__(self, command, url, connections):
        self.command = command
        self.url = url
        self.connections = connections
        self.shared = None
        self.shared_failure = None
        self.tls_server = self.tls_cert = self.tls_folder = self.tls_failure = None

    # Servers

    def server_url(self):
        if self.url:
            return self.url
        if self.shared_failure:
            raise AssertionError(f"the shared echo server could not start (see the first failure): {self.shared_failure}")
        if self.shared is None or self.shared.process.poll() is not None:
            try:
                self.shared = EchoServer(self.command)
            except RuntimeError as error:
                self.shared_failure = str(error)[:120] + "…"
                raise
        return self.shared.url

    def port(self):
        url = self.server_url()
        match = re.match(r"wss?://[^/:]+:(\d+)", url)
        expect(match, f"cannot read a port from {url!r}")
        return int(match.group(1))

    def own_server(self, *flags):
        if self.command is None:
            raise Skip("needs its own server process (run with the echo server's command, not --url)")
        return EchoServer(self.command, *flags)

    # Well-behaved client

    def check_handshake(self):
        # websockets offers permessage-deflate by default, as browsers do: the server may decline it or
        # support it, and the echo must work either way.
        for path in ("/", "/v1/ws", "/any/path?x=1"):
            url = self.server_url().rstrip("/") + path
            with connect(url, open_timeout=IO_TIMEOUT) as ws:
                expect(ws.response.status_code == 101, f"{path}: status {ws.response.status_code}, expected 101")
                ws.send("hello")
                echoed = ws.recv(timeout=IO_TIMEOUT)
                expect(echoed == "hello", f"{path}: echoed {echoed!r}, expected 'hello'")

    def echo_check(self, message):
        def run():
            with connect(self.server_url(), open_timeout=IO_TIMEOUT, max_size=None, compression=None) as ws:
                ws.send(message)
                echoed = ws.recv(timeout=IO_TIMEOUT)
                expect(type(echoed) is type(message), f"echoed a {type(echoed).__name__}, sent a {type(message).__name__}")
                expect(echoed == message, f"echoed {describe(echoed)} differs from the {describe(message)} sent")
        return run

    def check_fragmented_text(self):
        with connect(self.server_url(), open_timeout=IO_TIMEOUT, compression=None) as ws:
            parts = ["frag", "mented ", "", "tëxt ✓", "x" * 300]
            ws.send(parts)  # an iterable goes out as one frame per item (text, continuation…)
            echoed = ws.recv(timeout=IO_TIMEOUT)
            expect(echoed == "".join(parts), f"echoed {describe(echoed)}, expected the {len(parts)} fragments joined")

    def check_fragmented_binary(self):
        with connect(self.server_url(), open_timeout=IO_TIMEOUT, compression=None) as ws:
            parts = [os.urandom(n) for n in (1, 125, 126, 4000, 65536)]
            ws.send(parts)
            echoed = ws.recv(timeout=IO_TIMEOUT)
            expect(echoed == b"".join(parts), f"echoed {describe(echoed)}, expected the {len(parts)} fragments joined")

    def check_fragmented_split_utf8(self):
        # A multi-byte character cut between two fragments is valid UTF-8 once joined.
        encoded = "€uro".encode()
        client = RawClient(self.port())
        try:
            client.send(frame(0x1, encoded[:1], fin=False) + frame(0x0, encoded[1:], fin=True))
            received = client.read_frame(time.monotonic() + IO_TIMEOUT)
            expect(received is not None, "the server closed the connection instead of echoing")
            _, opcode, payload = received
            expect(opcode == 0x1 and payload == encoded, f"echoed opcode {opcode} {payload!r}, expected text {encoded!r}")
        finally:
            client.close()

    def check_ping_pong(self):
        with connect(self.server_url(), open_timeout=IO_TIMEOUT, ping_interval=None, compression=None) as ws:
            for payload in (b"", b"ping-1", os.urandom(125)):
                waiter = ws.ping(payload)
                expect(waiter.wait(IO_TIMEOUT), f"no pong for a ping of {len(payload)} bytes within {IO_TIMEOUT:.0f} s")
            ws.send("after pings")
            expect(ws.recv(timeout=IO_TIMEOUT) == "after pings", "echo after the pings differs")

    def check_close_1000(self):
        ws = connect(self.server_url(), open_timeout=IO_TIMEOUT, close_timeout=IO_TIMEOUT, compression=None)
        ws.send("bye")
        expect(ws.recv(timeout=IO_TIMEOUT) == "bye", "echo before closing differs")
        ws.close(1000, "done")
        received = ws.protocol.close_rcvd
        expect(received is not None, "the server sent no close frame back")
        expect(received.code == 1000, f"the server answered the close with {received.code}, expected 1000")

    def check_raw_close_1000(self):
        client = RawClient(self.port())
        try:
            client.send(frame(0x8, struct.pack("!H", 1000) + b"bye"))
            code = client.close_code()
            expect(code == 1000, f"the server answered close 1000 with {code}, expected 1000")
        finally:
            client.close()

    # Violations

    def violation(self, data, expected, port=None):
        def run():
            client = RawClient(port or self.port())
            try:
                client.send(data)
                code = client.close_code()
                expect(code == expected, f"close code {code}, expected {expected}")
            finally:
                client.close()
        return run

    def check_oversize(self):
        server = self.own_server("--max-message-bytes", str(SMALL_LIMIT))
        try:
            # At the limit: echoed. One byte over, in one frame or spread over fragments: 1009.
            self.violation_at_limit(server.port)
            self.violation(frame(0x2, b"o" * (SMALL_LIMIT + 1)), 1009, server.port)()
        finally:
            server.stop()

    def check_oversize_fragmented(self):
        server = self.own_server("--max-message-bytes", str(SMALL_LIMIT))
        try:
            half = SMALL_LIMIT // 2 + 1
            data = frame(0x1, b"a" * half, fin=False) + frame(0x0, b"b" * half, fin=True)
            self.violation(data, 1009, server.port)()
        finally:
            server.stop()

    def violation_at_limit(self, port):
        client = RawClient(port)
        try:
            client.send(frame(0x2, b"k" * SMALL_LIMIT))
            received = client.read_frame(time.monotonic() + IO_TIMEOUT)
            expect(received is not None, f"a message of exactly --max-message-bytes ({SMALL_LIMIT}) closed the connection")
            _, opcode, payload = received
            expect(opcode == 0x2 and len(payload) == SMALL_LIMIT,
                   f"a message of exactly {SMALL_LIMIT} bytes got opcode {opcode} with {len(payload)} bytes back")
        finally:
            client.close()

    # Keepalive

    def check_pings_keep_a_responsive_client(self):
        server = self.own_server("--ping-interval-seconds", "1", "--idle-timeout-seconds", "3")
        client = RawClient(server.port)
        try:
            pings, until = 0, time.monotonic() + 4.5
            while time.monotonic() < until:
                try:
                    received = client.read_frame(until)
                except AssertionError:  # nothing more before `until`
                    break
                expect(received is not None, f"the server dropped a client that answered its {pings} pings")
                _, opcode, payload = received
                expect(opcode != 0x8, f"the server closed a client that answered its {pings} pings "
                                      f"(code {struct.unpack('!H', payload[:2])[0] if len(payload) >= 2 else None})")
                if opcode == 0x9:
                    pings += 1
                    client.send(frame(0xA, payload))
            expect(pings >= 2, f"{pings} server pings in 4.5 s with --ping-interval-seconds 1, expected at least 2")
            client.send(frame(0x1, b"still here"))
            deadline = time.monotonic() + IO_TIMEOUT
            while True:
                received = client.read_frame(deadline)
                expect(received is not None, "connection dropped after the idle period")
                if received[1] == 0x1:
                    expect(received[2] == b"still here", f"echoed {received[2]!r}")
                    break
            return f"{pings} pings answered in 4.5 s"
        finally:
            client.close()
            server.stop()

    def check_silent_client_times_out(self):
        server = self.own_server("--ping-interval-seconds", "1", "--idle-timeout-seconds", "3")
        client = RawClient(server.port)
        try:
            started, pings = time.monotonic(), 0
            deadline = started + 12
            while True:
                try:
                    received = client.read_frame(deadline)
                except AssertionError:
                    raise AssertionError("a client that never answers pings was still connected after 12 s "
                                         "with --idle-timeout-seconds 3")
                if received is None:
                    ending = "TCP close without a close frame"
                    break
                if received[1] == 0x9:
                    pings += 1
                elif received[1] == 0x8:
                    payload = received[2]
                    ending = f"close {struct.unpack('!H', payload[:2])[0] if len(payload) >= 2 else 'without code'}"
                    break
            return f"{ending} after {time.monotonic() - started:.1f} s and {pings} pings"
        finally:
            client.close()
            server.stop()

    # TLS

    def tls(self):
        """The TLS echo server and its certificate, made once with the openssl command and shared."""
        if self.command is None:
            raise Skip("needs its own server process (run with the echo server's command, not --url)")
        if self.tls_failure:
            raise AssertionError(f"the TLS server could not start (see the first TLS failure): {self.tls_failure}")
        if self.tls_server is not None and self.tls_server.process.poll() is None:
            return self.tls_server, self.tls_cert
        try:
            openssl = shutil.which("openssl")
            expect(openssl, "the openssl command is not installed")
            self.tls_folder = tempfile.TemporaryDirectory(prefix="switchboard-tls-")
            cert = os.path.join(self.tls_folder.name, "cert.pem")
            key = os.path.join(self.tls_folder.name, "key.pem")
            made = subprocess.run(
                [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
                 "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                 "-keyout", key, "-out", cert],
                capture_output=True, text=True, timeout=60,
            )
            expect(made.returncode == 0, f"openssl req failed: {made.stderr.strip()}")
            self.tls_server = EchoServer(self.command, "--tls-cert", cert, "--tls-key", key)
            self.tls_cert = cert
            return self.tls_server, cert
        except Exception as error:
            self.tls_failure = str(error)[:160]
            raise

    def tls_url_and_context(self):
        server, cert = self.tls()
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cert)
        return f"wss://127.0.0.1:{server.port}/v1/ws", context

    # websockets' threaded (sync) client loses the server's close reply now and then over TLS (seen with
    # both echo servers, never with a single-threaded TLS client), so the TLS checks use its asyncio client.

    def check_tls_echo(self):
        url, context = self.tls_url_and_context()

        async def run():
            async with async_connect(url, ssl=context, open_timeout=IO_TIMEOUT, max_size=None, compression=None) as ws:
                for message in ("hello over tls", os.urandom(65536), text_of_bytes(70000), b""):
                    await ws.send(message)
                    echoed = await asyncio.wait_for(ws.recv(), IO_TIMEOUT)
                    expect(echoed == message, f"wss echoed {describe(echoed)}, sent {describe(message)}")

        asyncio.run(asyncio.wait_for(run(), 60))

    def check_tls_close(self):
        # Ten connections: closing races show up only now and then.
        url, context = self.tls_url_and_context()

        async def run():
            for attempt in range(1, 11):
                ws = await async_connect(url, ssl=context, open_timeout=IO_TIMEOUT, close_timeout=5, compression=None)
                try:
                    await ws.send("bye")
                    echoed = await asyncio.wait_for(ws.recv(), IO_TIMEOUT)
                    expect(echoed == "bye", f"connection {attempt}: echoed {describe(echoed)}")
                finally:
                    await ws.close(1000)
                received = ws.protocol.close_rcvd
                expect(received is not None,
                       f"connection {attempt} of 10: no close frame back within 5 s of the client's close 1000")
                expect(received.code == 1000, f"connection {attempt} of 10: close code {received.code}, expected 1000")

        asyncio.run(asyncio.wait_for(run(), 120))

    def check_tls_survives_bad_clients(self):
        server, _ = self.tls()
        url, context = self.tls_url_and_context()
        # A client that speaks plain HTTP to the TLS port fails its handshake.
        with socket.create_connection(("127.0.0.1", server.port), timeout=IO_TIMEOUT) as plain:
            plain.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            try:
                while plain.recv(4096):
                    pass
            except (socket.timeout, ConnectionResetError):
                pass

        async def run():
            # A client that does not trust the certificate aborts its handshake.
            try:
                await (await async_connect(url, ssl=ssl.create_default_context(), open_timeout=IO_TIMEOUT)).close()
                raise AssertionError("a client without the self-signed certificate in its trust store connected")
            except ssl.SSLError:
                pass
            # A client that connects and says nothing stays open meanwhile.
            with socket.create_connection(("127.0.0.1", server.port), timeout=IO_TIMEOUT):
                async with async_connect(url, ssl=context, open_timeout=IO_TIMEOUT, compression=None) as ws:
                    await ws.send("still serving")
                    echoed = await asyncio.wait_for(ws.recv(), IO_TIMEOUT)
                    expect(echoed == "still serving", f"echo after failed handshakes: {describe(echoed)}")

        asyncio.run(asyncio.wait_for(run(), 60))
        expect(server.process.poll() is None, f"the TLS server exited: {server.tail()}")

    # Load

    def check_concurrent(self):
        count = self.connections
        url = self.server_url()

        async def run():
            opening = asyncio.Semaphore(100)  # bounded connect bursts; all stay open together
            everyone_open = asyncio.Event()
            opened = 0
            failures = []

            async def one(index):
                nonlocal opened
                async with opening:
                    ws = await async_connect(url, open_timeout=60, ping_interval=None, compression=None)
                try:
                    opened += 1
                    if opened == count:
                        everyone_open.set()
                    await asyncio.wait_for(everyone_open.wait(), 120)
                    message = f"connection {index} " + "z" * (index % 300)
                    await ws.send(message)
                    echoed = await asyncio.wait_for(ws.recv(), 60)
                    if echoed != message:
                        failures.append(f"connection {index} echoed {describe(echoed)}")
                    payload = os.urandom(64 + index % 1000)
                    await ws.send(payload)
                    echoed = await asyncio.wait_for(ws.recv(), 60)
                    if echoed != payload:
                        failures.append(f"connection {index} echoed {describe(echoed)} for binary")
                finally:
                    await ws.close()

            results = await asyncio.gather(*(one(i) for i in range(count)), return_exceptions=True)
            errors = [f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)]
            problems = failures + errors
            expect(not problems, f"{len(problems)} of {count} connections failed, e.g. {problems[:3]}")

        started = time.monotonic()
        asyncio.run(asyncio.wait_for(run(), 180))
        return f"{count} connections in {time.monotonic() - started:.1f} s"

    # Shutdown

    def check_shutdown(self):
        server = self.own_server()
        try:
            clients = [connect(server.url, open_timeout=IO_TIMEOUT, ping_interval=None, compression=None) for _ in range(3)]
            for ws in clients:
                ws.send("before shutdown")
                expect(ws.recv(timeout=IO_TIMEOUT) == "before shutdown", "echo before shutdown differs")
            server.process.send_signal(signal.SIGTERM)
            for index, ws in enumerate(clients):
                try:
                    message = ws.recv(timeout=IO_TIMEOUT)
                    raise AssertionError(f"client {index} received {describe(message)} instead of a close")
                except ConnectionClosed:
                    pass
                except TimeoutError:
                    raise AssertionError(f"client {index}: no close within {IO_TIMEOUT:.0f} s of SIGTERM")
                received = ws.protocol.close_rcvd
                expect(received is not None, f"client {index}: connection dropped without a close frame")
                expect(received.code == 1001, f"client {index}: close code {received.code}, expected 1001")
            try:
                status = server.process.wait(IO_TIMEOUT)
            except subprocess.TimeoutExpired:
                raise AssertionError(f"the server did not exit within {IO_TIMEOUT:.0f} s of SIGTERM")
            expect(status == 0, f"the server exited with status {status} after SIGTERM, expected 0; stderr: {server.tail()}")
        finally:
            server.stop()

    # Running

    def checks(self):
        sizes = (0, 125, 126, 65535, 65536)
        listing = [("handshake", self.check_handshake)]
        listing += [(f"echo text {n} bytes", self.echo_check(text_of_bytes(n))) for n in sizes]
        listing += [(f"echo binary {n} bytes", self.echo_check(os.urandom(n))) for n in sizes]
        listing += [
            ("fragmented text echoed as one message", self.check_fragmented_text),
            ("fragmented binary echoed as one message", self.check_fragmented_binary),
            ("UTF-8 character split across fragments", self.check_fragmented_split_utf8),
            ("ping answered with pong", self.check_ping_pong),
            ("close handshake 1000", self.check_close_1000),
            ("raw close 1000 echoed", self.check_raw_close_1000),
            ("unmasked client frame -> 1002", self.violation(frame(0x1, b"hello", mask=False), 1002)),
            ("RSV1 set -> 1002", self.violation(frame(0x1, b"hello", rsv=0b100), 1002)),
            ("RSV2 and RSV3 set -> 1002", self.violation(frame(0x2, b"hello", rsv=0b011), 1002)),
            ("reserved opcode 0x3 -> 1002", self.violation(frame(0x3, b"hello"), 1002)),
            ("reserved opcode 0xB -> 1002", self.violation(frame(0xB, b"hello"), 1002)),
            ("fragmented ping -> 1002", self.violation(frame(0x9, b"ping", fin=False), 1002)),
            ("126-byte ping -> 1002", self.violation(frame(0x9, b"p" * 126), 1002)),
            ("invalid UTF-8 text -> 1007", self.violation(frame(0x1, b"caf\xc3\x28 \xff"), 1007)),
            ("invalid UTF-8 in fragmented text -> 1007",
             self.violation(frame(0x1, b"ok ", fin=False) + frame(0x0, b"\xed\xa0\x80", fin=True), 1007)),
            ("continuation without start -> 1002", self.violation(frame(0x0, b"orphan"), 1002)),
            ("new message inside a fragmented one -> 1002",
             self.violation(frame(0x1, b"one", fin=False) + frame(0x1, b"two"), 1002)),
            (f"message over --max-message-bytes {SMALL_LIMIT} -> 1009", self.check_oversize),
            (f"fragmented message over --max-message-bytes {SMALL_LIMIT} -> 1009", self.check_oversize_fragmented),
            ("server pings keep a responsive client", self.check_pings_keep_a_responsive_client),
            ("client that never answers pings times out", self.check_silent_client_times_out),
            ("TLS echo with a self-signed certificate", self.check_tls_echo),
            ("TLS close handshake 1000 on 10 connections", self.check_tls_close),
            ("TLS server survives failed handshakes", self.check_tls_survives_bad_clients),
            (f"{self.connections} concurrent connections echo", self.check_concurrent),
            ("SIGTERM closes connections with 1001 and exits 0", self.check_shutdown),
        ]
        return listing

    def run(self, only):
        listing = self.checks()
        if only:
            listing = [(name, check) for name, check in listing if any(o.lower() in name.lower() for o in only)]
        passed = failed = skipped = 0
        for name, check in listing:
            started = time.monotonic()
            try:
                note = check()
                passed += 1
                elapsed = time.monotonic() - started
                print(f"PASS {name}" + (f" ({note})" if note else f" ({elapsed:.2f} s)"), flush=True)
            except Skip as reason:
                skipped += 1
                print(f"SKIP {name}: {reason}", flush=True)
            except Exception as error:  # one failing check never stops the others
                failed += 1
                detail = str(error) or type(error).__name__
                if not isinstance(error, AssertionError):
                    detail = f"{type(error).__name__}: {detail}"
                print(f"FAIL {name}: {detail}", flush=True)
                if os.environ.get("INTEROP_TRACEBACK"):
                    traceback.print_exc()
                if self.shared is not None and self.shared.process.poll() is not None:
                    print(f"     the shared echo server exited with status {self.shared.process.returncode}: "
                          f"{self.shared.tail()}", flush=True)
        if self.tls_server is not None:
            self.tls_server.stop()
        if self.tls_folder is not None:
            self.tls_folder.cleanup()
        summary = f"{passed} passed, {failed} failed"
        if skipped:
            summary += f", {skipped} skipped"
        print(summary, flush=True)
        return failed == 0 and passed > 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("echo", nargs="?", help="echo server command (default: $SWITCHBOARD_ECHO_BIN)")
    parser.add_argument("--url", help="test an already running server instead of starting one")
    parser.add_argument("--only", action="append", default=[], help="run only checks whose name contains this")
    parser.add_argument("--connections", type=int, default=1000, help="connections for the concurrency check")
    args = parser.parse_args(argv)
    echo = args.echo or os.environ.get("SWITCHBOARD_ECHO_BIN")
    if not args.url and not echo:
        parser.error("give the echo server's command, $SWITCHBOARD_ECHO_BIN, or --url")
    command = None if args.url else shlex.split(echo)
    if command and not shutil.which(command[0]):
        print(f"error: echo server {command[0]!r} not found or not executable", file=sys.stderr)
        return 2

    def on_signal(signum, _frame):
        EchoServer.stop_all()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    try:
        return 0 if Suite(command, args.url, args.connections).run(args.only) else 1
    finally:
        EchoServer.stop_all()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
