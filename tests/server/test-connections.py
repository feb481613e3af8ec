#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-connections.py TIX-SERVER: clients that misbehave at the socket.

Each case starts tix-server on 127.0.0.1 and a free port (with short
timeouts where the case needs them) and talks to it over raw sockets:
clients that close kept-alive connections, that never finish a request, that
send too much, or what is not HTTP. Prints TAP.

The waits are bounds on how long a case may take, never measurements: a
server that closes a slow client closes it well within them, one that does
not never does.
"""

import json
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tix_server_process  # noqa: E402 (beside this file)
from tix_server_process import keepalive_then_close  # noqa: E402

SERVER_EXE = sys.argv[1]
RESULTS = []


def Server(*args, **kwargs):
    return tix_server_process.Server(SERVER_EXE, *args, **kwargs)


def case(function):
    RESULTS.append(function)
    return function


def read_response(sock, deadline=10):
    """Everything the server sends until it closes or @deadline seconds pass."""
    sock.settimeout(0.5)
    data = b''
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            if data.endswith(b'}') and b'\r\n\r\n' in data:
                return data, True
            continue
        except ConnectionResetError:
            return data, False
        if not chunk:
            return data, False
        data += chunk
    return data, True


def closed_within(sock, seconds):
    """TRUE when the server closes @sock (EOF or reset) within @seconds."""
    sock.settimeout(0.2)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if sock.recv(65536) == b'':
                return True
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def status_and_json(data):
    head, _, body = data.partition(b'\r\n\r\n')
    status = int(head.split(b' ', 2)[1])
    return status, json.loads(body) if body else None


def assert_json_error(data, status):
    assert data, 'no answer at all'
    got, body = status_and_json(data)
    assert got == status, 'answered %d, not %d: %r' % (got, status, data[:300])
    assert body is not None and isinstance(body.get('error'), str) and body['error'], \
        'no JSON {error}: %r' % data[:300]


def wait_for(predicate, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@case
def client_closed_keepalive_connections_give_back_their_descriptors():
    server = Server()
    try:
        before = server.fds()
        keepalive_then_close(server, 2000)
        assert wait_for(lambda: server.fds() <= before + 20, 15), \
            '%d descriptors open, %d before' % (server.fds(), before)
    finally:
        server.stop()


@case
def a_low_descriptor_limit_still_serves():
    server = Server(nofile=256)
    try:
        keepalive_then_close(server, 1000)
        status, _ = server.get('/health')
        assert status == 200
    finally:
        server.stop()


@case
def a_request_line_that_never_ends_is_closed():
    server = Server('--header-timeout', '1')
    try:
        sock = server.connect()
        sock.sendall(b'GET /hea')
        assert closed_within(sock, 10), 'still open'
        assert server.get('/health')[0] == 200
    finally:
        server.stop()


@case
def headers_sent_a_byte_at_a_time_are_closed():
    server = Server('--header-timeout', '1')
    try:
        sock = server.connect()
        sock.sendall(b'GET /health HTTP/1.1\r\n')
        closed = False
        for byte in b'X-Slow: ' + b'a' * 200:
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            if closed_within(sock, 0.3):
                closed = True
                break
        assert closed, 'a header trickling in held the connection'
    finally:
        server.stop()


@case
def a_body_that_never_comes_is_closed():
    server = Server('--body-timeout', '1')
    try:
        sock = server.connect()
        sock.sendall(b'POST /api/auth/login HTTP/1.1\r\nHost: tix\r\n'
                     b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{')
        assert closed_within(sock, 10), 'still open'
    finally:
        server.stop()


@case
def a_tls_hello_on_the_plain_port_is_closed():
    server = Server('--header-timeout', '1')
    try:
        sock = server.connect()
        # The start of a TLS 1.2 ClientHello: no line end anywhere.
        sock.sendall(bytes.fromhex('16030100a5010000a10303') + os.urandom(32))
        assert closed_within(sock, 10), 'still open'
    finally:
        server.stop()


@case
def an_idle_kept_alive_connection_is_closed():
    server = Server('--idle-timeout', '1')
    try:
        sock = server.connect()
        sock.sendall(b'GET /health HTTP/1.1\r\nHost: tix\r\n\r\n')
        data = b''
        while b'"ok"' not in data:
            data += sock.recv(4096)
        assert closed_within(sock, 10), 'still open'
    finally:
        server.stop()


@case
def a_slow_answer_is_not_cut():
    # Generating takes longer than every timeout here: the server's own work
    # is never cut short.
    server = Server('--header-timeout', '1', '--body-timeout', '1', '--idle-timeout', '1')
    try:
        token = server.register()
        status, data = server.request('POST', '/api/tickets/generate',
                                      json.dumps({'count': 100000, 'prefix': 'SLOW'}), token)
        assert status == 201, (status, data[:200])
        assert len(json.loads(data)) == 100000
    finally:
        server.stop()


def send_until_answered(sock, head, chunk, limit):
    """Sends @head, then @chunk until the server answers or @limit bytes went."""
    sock.sendall(head)
    sent = 0
    answer = b''
    sock.setblocking(False)
    while sent < limit:
        readable, writable, _ = select.select([sock], [sock], [], 5)
        if readable:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, BlockingIOError):
                break
            if not data:
                break
            answer += data
            if b'\r\n\r\n' in answer and answer.endswith(b'}'):
                break
        elif writable:
            try:
                sent += sock.send(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            except BlockingIOError:
                pass
        else:
            break
    sock.setblocking(True)
    return answer, sent


@case
def a_huge_chunked_body_is_refused_at_the_limit():
    server = Server()
    try:
        before = server.rss_kib()
        sock = server.connect()
        chunk = b'10000\r\n' + b'x' * 0x10000 + b'\r\n'
        answer, sent = send_until_answered(
            sock, b'POST /api/auth/login HTTP/1.1\r\nHost: tix\r\nContent-Type: application/json\r\n'
            b'Transfer-Encoding: chunked\r\n\r\n', chunk, 300 * 1024 * 1024)
        assert_json_error(answer, 413)
        assert sent < 16 * 1024 * 1024, 'read %d bytes before answering' % sent
        grown = server.rss_kib() - before
        print('# RSS grew by %d KiB after %d bytes sent' % (grown, sent))
        assert grown < 32 * 1024, 'RSS grew by %d KiB' % grown
        assert server.get('/health')[0] == 200
    finally:
        server.stop()


@case
def a_huge_declared_body_is_refused_before_it_is_read():
    server = Server()
    try:
        sock = server.connect()
        answer, sent = send_until_answered(
            sock, b'POST /api/auth/login HTTP/1.1\r\nHost: tix\r\nContent-Type: application/json\r\n'
            b'Content-Length: 200000000\r\n\r\n', b'x' * 65536, 200000000)
        assert_json_error(answer, 413)
        assert sent < 16 * 1024 * 1024, 'read %d bytes before answering' % sent
        assert server.get('/health')[0] == 200
    finally:
        server.stop()


@case
def a_huge_body_that_asks_first_is_refused_unread():
    server = Server()
    try:
        sock = server.connect()
        sock.sendall(b'POST /api/tickets/generate HTTP/1.1\r\nHost: tix\r\n'
                     b'Content-Type: application/json\r\nExpect: 100-continue\r\n'
                     b'Content-Length: 200000000\r\n\r\n')
        answer, _ = read_response(sock)
        assert_json_error(answer, 413)
    finally:
        server.stop()


@case
def a_huge_url_is_414():
    server = Server()
    try:
        sock = server.connect()
        sock.sendall(b'GET /api/tickets?search=' + b'9' * 100000 + b' HTTP/1.1\r\nHost: tix\r\n\r\n')
        answer, _ = read_response(sock)
        assert_json_error(answer, 414)
        assert server.get('/health')[0] == 200
    finally:
        server.stop()


@case
def ten_thousand_headers_are_431():
    server = Server()
    try:
        sock = server.connect()
        sock.sendall(b'GET /health HTTP/1.1\r\nHost: tix\r\n' +
                     b''.join(b'X-H%d: v\r\n' % i for i in range(10000)) + b'\r\n')
        answer, _ = read_response(sock)
        assert_json_error(answer, 431)
    finally:
        server.stop()


@case
def a_megabyte_header_is_431():
    server = Server()
    try:
        sock = server.connect()
        sock.sendall(b'GET /health HTTP/1.1\r\nHost: tix\r\nX-Big: ' + b'b' * (1024 * 1024) +
                     b'\r\n\r\n')
        answer, _ = read_response(sock)
        assert_json_error(answer, 431)
        assert server.get('/health')[0] == 200
    finally:
        server.stop()


@case
def an_unknown_transfer_encoding_is_501_json():
    server = Server()
    try:
        sock = server.connect()
        sock.sendall(b'POST /api/auth/login HTTP/1.1\r\nHost: tix\r\n'
                     b'Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n')
        answer, _ = read_response(sock)
        assert_json_error(answer, 501)
    finally:
        server.stop()


@case
def paths_that_climb_or_hold_nul_are_400_json():
    server = Server()
    try:
        for path in (b'/api/..%2f..%2fetc', b'/api/tickets%00', b'/api/%2e%2e/x'):
            sock = server.connect()
            sock.sendall(b'GET ' + path + b' HTTP/1.1\r\nHost: tix\r\nConnection: close\r\n\r\n')
            answer, _ = read_response(sock)
            got, body = status_and_json(answer)
            assert got in (400, 404), (path, answer[:200])
            assert isinstance(body.get('error'), str), (path, answer[:200])
    finally:
        server.stop()


@case
def json_sent_as_text_is_415():
    server = Server()
    try:
        status, data = server.request('POST', '/api/auth/login',
                                      json.dumps({'email': 'a@b.c', 'password': 'x'}),
                                      headers={'Content-Type': 'text/plain'})
        assert status == 415, (status, data)
        assert json.loads(data)['error']
    finally:
        server.stop()


def main():
    print('1..%d' % len(RESULTS))
    failed = 0
    for number, function in enumerate(RESULTS, 1):
        name = function.__name__.replace('_', ' ')
        try:
            function()
            print('ok %d - %s' % (number, name))
        except Exception as error:  # noqa: BLE001 (report every failure, go on)
            failed += 1
            print('not ok %d - %s' % (number, name))
            for line in ('%s: %s' % (type(error).__name__, error)).splitlines():
                print('# ' + line)
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
