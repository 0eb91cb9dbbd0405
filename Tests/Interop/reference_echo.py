#!/usr/bin/env python3
"""Stand-in WebSocket echo server built on the `websockets` package.

Takes the same command line as `switchboard-echo` and prints the same `listening on HOST:PORT` line to
stderr once bound, so the interoperability suites can be checked against a known-good peer:

    reference_echo.py [--host 127.0.0.1] [--port 9001] [--tls-cert PATH --tls-key PATH]
                      [--max-message-bytes N] [--threads N] [--idle-timeout-seconds S]
                      [--ping-interval-seconds S]

Upgrades on any path, echoes text and binary unchanged, closes every connection with 1001 and exits 0 on
SIGTERM/SIGINT. `--threads` is accepted and ignored (one asyncio loop); `--idle-timeout-seconds` is
approximated by websockets' keepalive (ping timeout).
"""

import argparse
import asyncio
import signal
import ssl
import sys

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="reference_echo.py")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9001)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    # Autobahn's section 9 sends 16 MiB messages: the default must allow them.
    parser.add_argument("--max-message-bytes", type=int, default=64 * 1024 * 1024)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--idle-timeout-seconds", type=float)
    parser.add_argument("--ping-interval-seconds", type=float)
    args = parser.parse_args(argv)
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    return args


async def echo(connection):
    try:
        async for message in connection:
            await connection.send(message)
    except ConnectionClosed:
        pass


async def main(args):
    context = None
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    ping_interval = args.ping_interval_seconds
    ping_timeout = args.idle_timeout_seconds if ping_interval else None
    stop = asyncio.get_running_loop().create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
    async with serve(
        echo,
        args.host,
        args.port,
        ssl=context,
        max_size=args.max_message_bytes,
        max_queue=None,
        ping_interval=ping_interval,
        ping_timeout=ping_timeout,
        compression=None,
        backlog=4096,
    ) as server:
        host, port = server.sockets[0].getsockname()[:2]
        print(f"listening on {host}:{port}", file=sys.stderr, flush=True)
        await stop
        # Leaving the context closes the server: open connections get 1001 (going away).
        server.close(close_connections=True)
        await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main(parse_args(sys.argv[1:])))
    sys.exit(0)
