# A source enqueues two chats; agent alice takes and completes the first.
import json, sys
from websockets.sync.client import connect
port, tag = sys.argv[1], sys.argv[2]
agent = connect(f"ws://127.0.0.1:{port}/v1/ws")
agent.send(json.dumps({"type": "hello", "token": "agent-alice-demo"})); agent.recv()
agent.send(json.dumps({"type": "state", "ref": "r", "state": "available"}))
source = connect(f"ws://127.0.0.1:{port}/v1/ws")
source.send(json.dumps({"type": "hello", "token": "source-demo"})); source.recv()
for n in (1, 2):
    source.send(json.dumps({"type": "enqueue", "ref": str(n), "interaction": {"id": f"{tag}-{n}", "channel": "chat", "queue": "sales"}}))
offer = json.loads(agent.recv(timeout=5))
while offer["type"] != "offer": offer = json.loads(agent.recv(timeout=5))
agent.send(json.dumps({"type": "accept", "ref": "a", "interactionId": offer["interaction"]["id"]}))
agent.send(json.dumps({"type": "complete", "ref": "c", "interactionId": offer["interaction"]["id"], "disposition": "resolved"}))
while json.loads(agent.recv(timeout=5)).get("ref") != "c": pass
print("traffic", tag, "done")
