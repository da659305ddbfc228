#!/usr/bin/env python3
"""A minimal Tiemeng (铁盟警务) client in plain Python (standard library only: urllib, json).

The node speaks tRPC with plain JSON (see docs/openapi.json or GET /openapi.json):
queries are ``GET /trpc/<path>?input=<url-encoded JSON>``, mutations ``POST /trpc/<path>`` with
the JSON input as the body, answers are ``{"result": {"data": ...}}`` and errors carry a stable
``error.data.appCode``.

Run as a script, it plays one assistance request across the border: an officer of Luoyang station
files it on zj-taishun, Xixi's duty officer acknowledges it on fj-shouning, a Xixi officer starts
and completes it, and the Luoyang officer follows it until it is completed there too::

    python3 tiemeng_client.py --zj http://127.0.0.1:4001 --fj http://127.0.0.1:4002

Passwords come from TIEMENG_PASSWORD (the demo's ``tiemeng-demo`` when unset).
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


class TiemengError(Exception):
    """A typed error answered by a node: ``app_code`` is stable, ``message`` in English."""

    def __init__(self, app_code, message, status=None, request_id=None):
        super().__init__(f"{app_code}: {message}")
        self.app_code = app_code
        self.message = message
        self.status = status
        self.request_id = request_id


class TiemengClient:
    """Calls one node's procedures; ``login`` keeps the token for the calls that follow."""

    def __init__(self, url, timeout=15):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.token = None

    def login(self, username, password):
        answer = self.mutate("auth.login", {"username": username, "password": password})
        self.token = answer["token"]
        return answer["officer"]

    def query(self, path, input=None):
        url = f"{self.url}/trpc/{path}"
        if input is not None:
            url += "?input=" + urllib.parse.quote(json.dumps(input))
        return self._send(urllib.request.Request(url, method="GET"))

    def mutate(self, path, input=None):
        body = json.dumps(input if input is not None else {}).encode("utf-8")
        request = urllib.request.Request(f"{self.url}/trpc/{path}", data=body, method="POST")
        request.add_header("content-type", "application/json")
        return self._send(request)

    def _send(self, request):
        if self.token:
            request.add_header("authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)["result"]["data"]
        except urllib.error.HTTPError as err:
            try:
                error = json.load(err)["error"]
            except (ValueError, KeyError):
                raise TiemengError("HTTP_ERROR", f"HTTP {err.code}", err.code) from None
            data = error.get("data", {})
            raise TiemengError(
                data.get("appCode", "UNKNOWN"), error.get("message", ""), err.code, data.get("requestId")
            ) from None


def wait_for(what, check, timeout=30.0, every=0.2):
    """Calls ``check`` until it answers something truthy (a partner's copy arrives by sync)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = check()
            if found:
                return found
        except TiemengError as err:
            if err.app_code != "NOT_FOUND":
                raise
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(every)


def story(zj_url, fj_url, password):
    luoyang = TiemengClient(zj_url)
    luoyang.login("zj.officer", password)
    filed = luoyang.mutate(
        "assistance.file",
        {
            "requestingStation": "zj-luoyang",
            "addressedStation": "fj-xixi",
            "category": "vehicle_check",
            "priority": "urgent",
            "title": "核查一辆可疑白色面包车",
            "details": "A white van seen at three break-ins in Luoyang is heading for Xixi on S205.",
            "subjects": {"vehicles": [{"plate": "浙C·3F5A1", "colour": "white"}]},
        },
    )
    request_id = filed["id"]
    print(f"filed {request_id} on {zj_url}: {filed['status']}, acknowledge by {filed['dueAckAt']}")

    xixi_duty = TiemengClient(fj_url)
    xixi_duty.login("fj.duty", password)
    wait_for("the request to reach Xixi", lambda: xixi_duty.query("assistance.get", {"id": request_id}))
    xixi_duty.mutate("assistance.acknowledge", {"id": request_id, "remark": "值班室已签收"})
    print("acknowledged by fj.duty")

    xixi = TiemengClient(fj_url)
    xixi.login("fj.officer", password)
    xixi.mutate("assistance.start", {"id": request_id})
    xixi.mutate(
        "assistance.complete",
        {
            "id": request_id,
            "outcome": "located",
            "text": "Van found parked at the Xixi bus station; driver identified and questioned.",
            "caseSolved": False,
        },
    )
    print("started and completed by fj.officer")

    done = wait_for(
        "completion to reach Luoyang",
        lambda: (lambda r: r if r["status"] == "completed" else None)(
            luoyang.query("assistance.get", {"id": request_id})
        ),
    )
    print(f"{request_id} is {done['status']} on {zj_url} (acknowledged in time: {done['ackInTime']})")
    return done


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zj", required=True, help="URL of the zj-taishun node")
    parser.add_argument("--fj", required=True, help="URL of the fj-shouning node")
    args = parser.parse_args(argv)
    password = os.environ.get("TIEMENG_PASSWORD", "tiemeng-demo")
    try:
        story(args.zj, args.fj, password)
    except (TiemengError, TimeoutError, urllib.error.URLError) as err:
        print(f"failed: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
