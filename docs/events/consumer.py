# An event-stream consumer that keeps its place in a file: prints each event, saves the last seq.
import json, sys
from websockets.sync.client import connect
port, token, place, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
try: since = int(open(place).read())
except FileNotFoundError: since = 0
ws = connect(f"ws://127.0.0.1:{port}/v1/ws")
ws.send(json.dumps({"type": "hello", "token": token})); ws.recv()
ws.send(json.dumps({"type": "subscribe", "ref": "s", "since": since}))
print(ws.recv())
for _ in range(limit):
    try: event = json.loads(ws.recv(timeout=2))
    except TimeoutError: break
    print(event["seq"], event["kind"], event["interactionId"], event["agentId"], event["state"])
    open(place, "w").write(str(event["seq"]))
ws.close()
