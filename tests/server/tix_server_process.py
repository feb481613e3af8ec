# SPDX-License-Identifier: GPL-3.0-or-later
"""A tix-server process of its own, on 127.0.0.1 and a free port, for tests
and benchmarks that look at it from outside: its descriptors, its memory,
its file limit."""

import http.client
import json
import os
import resource
import shutil
import socket
import subprocess
import tempfile
import time


class Server:
    def __init__(self, executable, *args, nofile=None):
        self.dir = tempfile.mkdtemp(prefix='tix-connections-')
        with socket.socket() as probe:
            probe.bind(('127.0.0.1', 0))
            self.port = probe.getsockname()[1]

        def limit():
            if nofile is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        self.process = subprocess.Popen(
            [executable, '--db', os.path.join(self.dir, 'tix.db'), '--port', str(self.port),
             '--quiet'] + list(args),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = self.get('/health')
                if status == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError('tix-server did not start: ' + self.stop())

    def connect(self, timeout=10):
        return socket.create_connection(('127.0.0.1', self.port), timeout=timeout)

    def request(self, method, path, body=None, token=None, headers=None):
        connection = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30)
        all_headers = dict(headers or {})
        if body is not None:
            all_headers.setdefault('Content-Type', 'application/json')
        if token is not None:
            all_headers['Authorization'] = 'Bearer ' + token
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def get(self, path):
        return self.request('GET', path)

    def register(self):
        status, data = self.request('POST', '/api/auth/register', json.dumps(
            {'email': 'door@example.org', 'password': 'correct horse battery',
             'name': 'Door'}))
        assert status == 201 or status == 200, (status, data)
        return json.loads(data)['token']

    def fds(self):
        return len(os.listdir('/proc/%d/fd' % self.process.pid))

    def rss_kib(self):
        with open('/proc/%d/status' % self.process.pid) as status:
            for line in status:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
        return 0

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        self.process.terminate()
        try:
            _, err = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        shutil.rmtree(self.dir, ignore_errors=True)
        return err.decode(errors='replace')




def keepalive_then_close(server, n, timeout=10):
    """@n connections, each asking /health once and closed by the client while
    the server keeps it alive."""
    for _ in range(n):
        sock = server.connect(timeout=timeout)
        sock.sendall(b'GET /health HTTP/1.1\r\nHost: tix\r\n\r\n')
        data = b''
        while b'"ok"' not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        assert b'"ok"' in data, 'no answer: %r' % data
        sock.close()
