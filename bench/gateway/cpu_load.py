"""Load for bench/gateway/cpu.sh: N calls per thread on one keep-alive connection each, bodies read whole.
usage: cpu_load.py host port path calls-per-thread threads plain|stream model"""
import http.client
import json
import sys
import threading

host, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
calls, threads, stream, model = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "stream", sys.argv[7]
if stream:
    body = {"model": model, "stream": True, "max_tokens": 40, "messages": [{"role": "user", "content": "hi"}]}
else:
    body = {"model": model, "input": "hello world"}
payload = json.dumps(body)
failures = []


def work():
    connection = http.client.HTTPConnection(host, port)
    for _ in range(calls):
        connection.request("POST", path, payload, {"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            failures.append(f"{response.status} {data[:200]!r}")
            return


workers = [threading.Thread(target=work) for _ in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
if failures:
    sys.exit("calls failed: " + failures[0])
