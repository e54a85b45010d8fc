#!/usr/bin/env python3
"""How moto_server's DynamoDB call times grow with the table: a GSI Query (the store's openPending query, one
per page), a base-table Query, a BatchGetItem of 100 keys and a BatchWriteItem of 25 items, at growing sizes.

    benchmarks/moto-index-query.py [SIZE ...]      (default: 2000 20000 60000 items)

Starts its own moto_server on a free loopback port and stops it at the end (also on Ctrl-C or an error).
Creates the table from template.yaml's StateTable (keys and both indexes), fills it with transaction-like items
of about 1 KB spread over 20 accounts, and at each size times every call REPEAT times (default 5; environment
variable REPEAT) and prints the median in ms. Every call returns the same items at every size, so growth is the
engine's own: the GSI Query finds the 10 PENDING items of one account (only the first 200 items are PENDING,
as a real table holds few open pending ones); the base Query asks for one key of one account's partition; the
BatchGetItem reads 100 existing items (of the first 2,000); the BatchWriteItem puts 25 new items.
Needs moto_server, boto3 and PyYAML (installed with moto and cfn-lint).
"""
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

import boto3
import yaml

HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCOUNTS = 20
REPEAT = int(os.environ.get("REPEAT", "5"))


def table_request():
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, tag, node: None)
    props = yaml.load(open(os.path.join(HOME, "template.yaml")), Loader=Loader)["Resources"]["StateTable"]["Properties"]
    request = {k: props[k] for k in ("BillingMode", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes")}
    request["TableName"] = "bankfeed"
    return request


def item(i):
    account = f"ACCT#acc{i % ACCOUNTS}"
    it = {"pk": {"S": account}, "sk": {"S": f"TXN#2026-10-{1 + i % 28:02d}#{i:08d}"}, "kind": {"S": "TXN"},
          "amount": {"S": f"{i % 100000}.{i % 100:02d}"}, "currency": {"S": "EUR"},
          "raw": {"S": "x" * 900}, "h": {"S": f"{i:043d}"}}
    if i < 200 and i % 10 == 0:
        it["pendpk"] = {"S": account}
        it["pendsk"] = {"S": f"2026-10-{1 + i % 28:02d}#{i:08d}"}
    return it


def timed(call):
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    sizes = [int(s) for s in sys.argv[1:]] or [2000, 20000, 60000]
    if min(sizes) < 2000:
        sys.exit("sizes start at 2000 (the BatchGetItem reads items of the first 2,000)")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("moto_server did not come up in 30 s")
        db = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
        db.create_table(**table_request())
        print(f"moto_server on {endpoint}; median of {REPEAT} calls each, ms")
        print(f"{'items':>7} {'fill s':>7} {'GSI Query':>10} {'base Query':>11} {'BatchGet 100':>13} {'BatchWrite 25':>14}"
              f" {'GSI items':>10}")
        written = 0
        probe = 10 ** 9
        for size in sorted(sizes):
            start = time.perf_counter()
            while written < size:
                n = min(25, size - written)
                db.batch_write_item(RequestItems={"bankfeed": [
                    {"PutRequest": {"Item": item(written + k)}} for k in range(n)]})
                written += n
            fill = time.perf_counter() - start
            found = []
            gsi = timed(lambda: found.append(db.query(
                TableName="bankfeed", IndexName="openPending", KeyConditionExpression="pendpk = :a",
                ExpressionAttributeValues={":a": {"S": "ACCT#acc0"}})["Count"]))
            base = timed(lambda: db.query(
                TableName="bankfeed", KeyConditionExpression="pk = :a AND sk = :s",
                ExpressionAttributeValues={":a": item(0)["pk"], ":s": item(0)["sk"]}))
            keys = [{"pk": item(i)["pk"], "sk": item(i)["sk"]} for i in range(0, 2000, 20)]
            get = timed(lambda: db.batch_get_item(RequestItems={"bankfeed": {"Keys": keys, "ConsistentRead": True}}))

            def write_new():
                nonlocal probe
                db.batch_write_item(RequestItems={"bankfeed": [
                    {"PutRequest": {"Item": {**item(probe + k), "pk": {"S": "ACCT#probe"}}}} for k in range(25)]})
                probe += 25
            put = timed(write_new)
            print(f"{size:>7} {fill:>7.1f} {gsi:>10.1f} {base:>11.1f} {get:>13.1f} {put:>14.1f} {found[0]:>10}",
                  flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
