"""Open N idle WebSocket connections to URL, then report the server's resident memory.

    python3 idle_clients.py --url ws://127.0.0.1:PORT/ --count 10000 --pid SERVER_PID

Prints one line `opened=N rss_before_kib=A rss_kib=B` (VmRSS of SERVER_PID from /proc before the first
connection and once all N are open and have settled), then closes every connection and exits.
Uses the third-party `websockets` package so that no server here is measured with its own client.
"""
import argparse
import asyncio
import resource
import sys

from websockets.asyncio.client import connect


def vm_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--parallel", type=int, default=200, help="handshakes in flight at once")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds to wait before reading VmRSS")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.count + 1024)), hard))

    before = vm_rss_kib(args.pid)
    gate = asyncio.Semaphore(args.parallel)
    connections = []
    failures = 0

    async def open_one() -> None:
        nonlocal failures
        async with gate:
            try:
                # No keepalive pings and no size limit: the connections stay idle.
                ws = await connect(args.url, ping_interval=None, max_size=None, open_timeout=60,
                                   compression=None)
                connections.append(ws)
            except Exception as error:  # noqa: BLE001 - counted and reported
                failures += 1
                if failures <= 3:
                    print(f"connect failed: {error!r}", file=sys.stderr)

    await asyncio.gather(*(open_one() for _ in range(args.count)))
    await asyncio.sleep(args.settle)
    alive = sum(1 for ws in connections if ws.state.name == "OPEN")
    rss = vm_rss_kib(args.pid)
    print(f"opened={alive} failed={failures} rss_before_kib={before} rss_kib={rss}", flush=True)
    await asyncio.gather(*(ws.close() for ws in connections), return_exceptions=True)
    return 0 if alive == args.count else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
