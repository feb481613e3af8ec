#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-api.py SOURCE-ROOT TIX-SERVER: docs/openapi.json and the server agree.

1. Every route of the source (each tix_route_is (route, "METHOD", "/path") and
   each WebSocket handler in src/server/*.c) is an operation of the spec, and
   every operation of the spec is a route of the source.
2. The spec is OpenAPI 3.1 whose schemas are valid JSON Schema 2020-12, and
   every $ref resolves.
3. A real tix-server (127.0.0.1, a free port, a fresh database) answers a
   request to every operation of the spec; each answer's status is one the
   spec lists for it and its body validates against that status's schema
   (python3-jsonschema). GET /api/openapi.json serves docs/openapi.json.
4. Large answers come gzip-compressed when asked for (Content-Encoding, Vary),
   small ones and answers to clients that do not ask come plain.
5. The WebSocket's messages validate against the Event schema.

Run with Debian's /usr/bin/python3 (python3-jsonschema).
"""

import base64
import gzip
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid

import jsonschema

root = sys.argv[1]
server_exe = sys.argv[2]
errors = []


def fail(message):
    errors.append(message)
    print('ERROR: ' + message)


with open(os.path.join(root, 'docs', 'openapi.json'), encoding='utf-8') as f:
    spec_text = f.read()
spec = json.loads(spec_text)
METHODS = ('get', 'put', 'post', 'delete', 'patch')

# 1. Routes of the source and operations of the spec.

source_routes = set()
server_dir = os.path.join(root, 'src', 'server')
for name in sorted(os.listdir(server_dir)):
    if not name.endswith('.c'):
        continue
    text = open(os.path.join(server_dir, name), encoding='utf-8').read()
    for method, path in re.findall(
            r'tix_route_is\s*\(\s*&?\s*route\s*,\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*\)', text):
        source_routes.add((method, path))
    for path in re.findall(r'soup_server_add_(?:websocket_)?handler\s*\(\s*[^,]+,\s*"([^"]+)"', text):
        source_routes.add(('GET', path))

spec_routes = set()
for path, item in spec['paths'].items():
    for method in item:
        if method in METHODS:
            spec_routes.add((method.upper(), path))


def segments(path):
    return path.strip('/').split('/')


def source_matches(source_path, spec_path):
    """A source "*" stands for one segment: a {param} of the spec or a literal
    (GET /api/reports/* answers /api/reports/stats, …)."""
    a, b = segments(source_path), segments(spec_path)
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == '*':
            continue
        if x != y:
            return False
    return True


for method, path in sorted(source_routes):
    if not any(m == method and source_matches(path, p) for m, p in spec_routes):
        fail('the server routes %s %s, which docs/openapi.json does not describe' % (method, path))
for method, path in sorted(spec_routes):
    if not any(m == method and source_matches(p, path) for m, p in source_routes):
        fail('docs/openapi.json describes %s %s, which the server does not route' % (method, path))
    # A {param} must be a "*" of the source, not a literal.
    for m, p in source_routes:
        if m == method and source_matches(p, path):
            for x, y in zip(segments(p), segments(path)):
                if y.startswith('{') and x != '*':
                    fail('%s %s: {param} where the server has "%s"' % (method, path, x))

print('%d routes in the source, %d operations in the spec' % (len(source_routes), len(spec_routes)))

# 2. The spec itself.

if spec.get('openapi', '').split('.')[:2] != ['3', '1']:
    fail('docs/openapi.json is not OpenAPI 3.1')
resolver = jsonschema.RefResolver.from_schema(spec)


def resolve(node):
    while isinstance(node, dict) and '$ref' in node:
        _, node = resolver.resolve(node['$ref'])
    return node


def walk_refs(node, where):
    if isinstance(node, dict):
        if '$ref' in node:
            try:
                resolver.resolve(node['$ref'])
            except jsonschema.RefResolutionError:
                fail('%s: $ref %s does not resolve' % (where, node['$ref']))
        for key, value in node.items():
            walk_refs(value, where + '/' + key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            walk_refs(value, '%s/%d' % (where, i))


walk_refs(spec, '#')
for name, schema in spec['components']['schemas'].items():
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as e:
        fail('schema %s is not valid JSON Schema: %s' % (name, e.message))


def validate(instance, schema, where):
    validator = jsonschema.Draft202012Validator(schema, resolver=resolver,
                                                format_checker=jsonschema.FormatChecker())
    problems = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    for problem in problems[:3]:
        fail('%s: %s at %s' % (where, problem.message,
                               '/'.join(str(p) for p in problem.absolute_path) or 'the top'))
    return not problems


def spec_operation(method, path):
    """The spec's path template of a concrete path."""
    concrete = segments(path.split('?')[0])
    for template, item in spec['paths'].items():
        parts = segments(template)
        if len(parts) == len(concrete) and method.lower() in item and all(
                t == c or (t.startswith('{') and t.endswith('}'))
                for t, c in zip(parts, concrete)):
            return template, item[method.lower()]
    return None, None


# 3. A real server.

def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


tmp = tempfile.mkdtemp(prefix='tix-check-api-')
port = free_port()
server = subprocess.Popen([server_exe, '--db', os.path.join(tmp, 'tix.db'), '--port', str(port),
                           '--quiet', '--max-users', '5'],
                          stdout=subprocess.DEVNULL)
exercised = set()


def raw_request(method, path, body=None, token=None, headers=None):
    connection = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    all_headers = dict(headers or {})
    if token:
        all_headers['Authorization'] = 'Bearer ' + token
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        all_headers['Content-Type'] = 'application/json'
    connection.request(method, path, body=data, headers=all_headers)
    response = connection.getresponse()
    payload = response.read()
    result = (response.status, response.getheaders(), payload)
    connection.close()
    return result


def header(headers, name):
    values = [v for k, v in headers if k.lower() == name.lower()]
    return ', '.join(values) if values else None


def call(method, path, body=None, token=None, expect=None, headers=None):
    """A request checked against the spec; returns (status, parsed body)."""
    status, response_headers, payload = raw_request(method, path, body, token, headers)
    where = '%s %s → %d' % (method, path, status)
    template, operation = spec_operation(method, path)
    if operation is None:
        fail('%s: no operation in the spec' % where)
        return status, None
    exercised.add((method, template))
    if expect is not None and status != expect:
        fail('%s: expected %d (%s)' % (where, expect, payload[:200]))
    if status == 404 and payload.startswith(b'{"error":"Not found: '):
        fail('%s: the server does not route it' % where)
    responses = operation.get('responses', {})
    answer = responses.get(str(status), responses.get('default'))
    if answer is None:
        fail('%s: status %d is not in the spec for %s %s' % (where, status, method, template))
        return status, None
    answer = resolve(answer)
    encoding = header(response_headers, 'Content-Encoding')
    if encoding == 'gzip':
        payload = gzip.decompress(payload)
    content_type = (header(response_headers, 'Content-Type') or '').split(';')[0]
    media = answer.get('content', {})
    if content_type == 'application/json':
        document = json.loads(payload)
        if 'application/json' not in media:
            fail('%s: JSON, but the spec gives %s' % (where, list(media) or 'no body'))
        else:
            validate(document, media['application/json'].get('schema', {}), where)
        return status, document
    if content_type and content_type not in media:
        fail('%s: %s, but the spec gives %s' % (where, content_type, list(media)))
    return status, payload


try:
    for _ in range(200):
        try:
            if raw_request('GET', '/health')[0] == 200:
                break
        except OSError:
            time.sleep(0.05)
    else:
        fail('tix-server did not start')
        raise SystemExit

    call('GET', '/health', expect=200)
    status, served = call('GET', '/api/openapi.json', expect=200)
    if served != spec:
        fail('GET /api/openapi.json is not docs/openapi.json')

    # Auth
    password = 'correct horse'
    status, session = call('POST', '/api/auth/register',
                           {'email': 'admin@example.org', 'password': password,
                            'name': 'Ada', 'organization_name': 'Hall'}, expect=201)
    admin = session['token']
    call('POST', '/api/auth/register', {'email': 'admin@example.org', 'password': password,
                                        'name': 'Ada'}, expect=409)
    call('POST', '/api/auth/register', {'email': 'nope', 'password': password, 'name': 'A'},
         expect=400)
    call('POST', '/api/auth/register', b'{not json', expect=400)
    call('POST', '/api/auth/login', {'email': 'admin@example.org', 'password': 'wrong one!'},
         expect=401)
    call('POST', '/api/auth/login', {'email': 'admin@example.org', 'password': password},
         expect=200)
    call('GET', '/api/auth/me', token=admin, expect=200)
    call('GET', '/api/auth/me', expect=401)
    call('GET', '/api/auth/me', token='0' * 64, expect=401)
    call('POST', '/api/auth/register', b'x' * (1024 * 1024 + 10), expect=413)

    # Users
    status, added = call('POST', '/api/users', {'email': 'seller@example.org', 'name': 'Sam',
                                                'password': password, 'role': 'seller'},
                         token=admin, expect=201)
    seller_id = added['user']['id']
    call('POST', '/api/users', {'email': 'x@example.org', 'name': 'X', 'password': password,
                                'role': 'king'}, token=admin, expect=400)
    call('POST', '/api/users', {'email': 'scanner@example.org', 'name': 'Sue',
                                'password': password, 'role': 'scanner'}, token=admin, expect=201)
    status, scanner_session = call('POST', '/api/auth/login',
                                   {'email': 'scanner@example.org', 'password': password},
                                   expect=200)
    scanner = scanner_session['token']
    call('GET', '/api/users', token=admin, expect=200)
    call('GET', '/api/users', token=scanner, expect=403)
    call('PUT', '/api/users/%d' % seller_id, {'role': 'scanner'}, token=admin, expect=200)
    call('PUT', '/api/users/%d' % seller_id, {'role': 'seller', 'password': 'another one'},
         token=admin, expect=200)
    call('PUT', '/api/users/%d' % session['user']['id'], {'role': 'scanner'}, token=admin,
         expect=409)
    call('PUT', '/api/users/999999', {'role': 'seller'}, token=admin, expect=404)
    call('DELETE', '/api/users/%d' % seller_id, token=admin, expect=200)

    # Tickets
    status, made = call('POST', '/api/tickets/generate', {'count': 1200, 'prefix': 'GEN'},
                        token=admin, expect=201)
    call('POST', '/api/tickets/generate', {'count': 0}, token=admin, expect=400)
    call('POST', '/api/tickets/generate', {'count': 1}, token=scanner, expect=403)
    call('POST', '/api/tickets/generate', {'count': 3, 'prefix': 'VIP', 'extra': 'Row 1'},
         token=admin, expect=201)
    status, page = call('GET', '/api/tickets?limit=2', token=admin, expect=200)
    call('GET', '/api/tickets?cursor=%s&limit=2' % page['next_cursor'], token=admin, expect=200)
    call('GET', '/api/tickets?filter=sideways', token=admin, expect=400)
    call('GET', '/api/tickets?search=GEN-00001&filter=not-scanned', token=admin, expect=200)
    first = made[0]
    call('GET', '/api/tickets/%s' % first['id'], token=scanner, expect=200)
    call('GET', '/api/tickets/not-a-uuid', token=admin, expect=400)
    call('GET', '/api/tickets/%s' % uuid.uuid4(), token=admin, expect=404)
    call('GET', '/api/tickets/sheet.pdf?ids=%s' % first['id'], token=admin, expect=200)
    call('GET', '/api/tickets/sheet.pdf?layout=napkin', token=admin, expect=400)
    call('GET', '/api/tickets/sheet.pdf?search=NONE', token=admin, expect=404)

    # The events of the season
    status, events = call('GET', '/api/events', token=scanner, expect=200)
    current = events[0]['id'] if events else 0
    call('GET', '/api/events?archived=true', token=admin, expect=200)
    call('GET', '/api/events?archived=maybe', token=admin, expect=400)
    status, friday = call('POST', '/api/events', {'name': 'Friday', 'starts_at': '2026-03-20T19:00:00Z',
                                                 'ends_at': '2026-03-20T22:00:00Z',
                                                 'venue': 'Hall', 'capacity': 100,
                                                 'max_inside': 80}, token=admin, expect=201)
    call('POST', '/api/events', {'name': ''}, token=admin, expect=400)
    call('GET', '/api/events/%d' % friday['id'], token=scanner, expect=200)
    call('GET', '/api/events/999999', token=scanner, expect=404)
    call('PUT', '/api/events/%d' % friday['id'], {'capacity': 200}, token=admin, expect=200)
    call('PUT', '/api/events/%d' % friday['id'], {'starts_at': 'soon'}, token=admin, expect=400)
    status, copied = call('POST', '/api/events/%d/copy' % friday['id'], {'starts_at': '2026-03-27'},
                          token=admin, expect=201)
    call('POST', '/api/events/%d/copy' % friday['id'], {}, token=admin, expect=400)
    status, on_friday = call('POST', '/api/tickets/generate', {'count': 2, 'event_id': friday['id']},
                             token=admin, expect=201)
    call('POST', '/api/tickets/generate', {'count': 1000, 'event_id': friday['id']}, token=admin,
         expect=409)
    call('POST', '/api/tickets/generate', {'count': 1, 'event_id': 999999}, token=admin, expect=404)
    call('DELETE', '/api/events/%d' % friday['id'], token=admin, expect=409)
    call('DELETE', '/api/events/%d' % copied['id'], token=admin, expect=200)
    call('DELETE', '/api/events/999999', token=admin, expect=404)
    call('GET', '/api/tickets?event_id=%d' % friday['id'], token=scanner, expect=200)
    call('GET', '/api/tickets?event_id=999999', token=scanner, expect=404)
    call('GET', '/api/tickets/sheet.pdf?event_id=%d' % friday['id'], token=admin, expect=200)
    call('POST', '/api/scan', {'code': on_friday[0]['code'], 'event_id': current}, token=scanner,
         expect=422)
    call('POST', '/api/scan', {'code': on_friday[0]['code'], 'event_id': 999999}, token=scanner,
         expect=404)
    # The seed's scan takes the station's events in its query.
    call('PUT', '/api/tickets/%s/scan?event_id=%d' % (on_friday[0]['id'], current), token=scanner,
         expect=422)
    call('PUT', '/api/tickets/%s/scan?event_ids=%d,x' % (on_friday[0]['id'], current),
         token=scanner, expect=400)
    call('PUT', '/api/tickets/%s/scan?event_id=999999' % on_friday[0]['id'], token=scanner,
         expect=404)
    # One event's tickets cleared, the others' kept.
    status, matinee = call('POST', '/api/events', {'name': 'Matinee'}, token=admin, expect=201)
    call('POST', '/api/tickets/generate', {'count': 2, 'event_id': matinee['id']}, token=admin,
         expect=201)
    status, cleared = call('DELETE', '/api/tickets?event_id=%d' % matinee['id'], token=admin,
                           expect=200)
    if cleared is not None and cleared.get('deleted') != 2:
        fail('DELETE /api/tickets?event_id=: %r, not 2 deleted' % cleared)
    call('DELETE', '/api/tickets?event_id=999999', token=admin, expect=404)
    call('DELETE', '/api/tickets?event_id=x', token=admin, expect=400)

    # Selling at the desk: types, a shift, a sale, its refund, the cash-up.
    status, adult = call('POST', '/api/events/%d/types' % friday['id'],
                         {'name': 'Adult', 'price': 1500, 'prefix': 'AD', 'quota': 50},
                         token=admin, expect=201)
    call('POST', '/api/events/%d/types' % friday['id'], {'name': 'X', 'price': 12.5},
         token=admin, expect=400)
    call('POST', '/api/events/999999/types', {'name': 'X', 'price': 1}, token=admin, expect=404)
    call('GET', '/api/events/%d/types' % friday['id'], token=scanner, expect=200)
    call('PUT', '/api/types/%d' % adult['id'], {'price': 1600}, token=admin, expect=200)
    call('PUT', '/api/types/%d' % adult['id'], {'quota': -1}, token=admin, expect=400)
    status, spare = call('POST', '/api/events/%d/types' % friday['id'], {'name': 'Spare', 'price': 0},
                         token=admin, expect=201)
    call('DELETE', '/api/types/%d' % spare['id'], token=admin, expect=200)
    call('POST', '/api/tickets/generate', {'count': 2, 'type_id': adult['id']}, token=admin,
         expect=201)
    call('POST', '/api/tickets/generate', {'count': 2, 'type_id': 999999}, token=admin,
         expect=404)
    call('DELETE', '/api/types/999999', token=admin, expect=404)
    sale = {'event_id': friday['id'], 'items': [{'type_id': adult['id'], 'quantity': 2}],
            'payment': {'method': 'cash', 'tendered': 5000}, 'station': 'desk'}
    call('POST', '/api/orders', sale, token=admin, expect=409)
    call('GET', '/api/shifts?open=true&station=desk', token=admin, expect=200)
    status, shift = call('POST', '/api/shifts', {'station': 'desk', 'opening_float': 10000},
                         token=admin, expect=201)
    call('POST', '/api/shifts', {'station': 'desk', 'opening_float': 0}, token=admin, expect=409)
    status, order = call('POST', '/api/orders', sale, token=admin, expect=201)
    call('POST', '/api/orders', dict(sale, items=[{'type_id': adult['id'], 'quantity': 99}]),
         token=admin, expect=409)
    call('POST', '/api/orders', dict(sale, payment={'method': 'cash', 'tendered': 1}),
         token=admin, expect=422)
    call('POST', '/api/orders', dict(sale, payment={'method': 'iou'}), token=admin, expect=400)
    call('GET', '/api/orders?event_id=%d&limit=1' % friday['id'], token=admin, expect=200)
    call('GET', '/api/orders?q=x', token=admin, expect=400)
    call('GET', '/api/orders/%d' % order['id'], token=admin, expect=200)
    call('GET', '/api/orders/999999', token=admin, expect=404)
    call('GET', '/api/orders/%d/receipt.pdf' % order['id'], token=admin, expect=200)
    call('GET', '/api/orders/%d/receipt.pdf?paper=napkin' % order['id'], token=admin, expect=400)
    call('GET', '/api/orders/%d/tickets.pdf' % order['id'], token=admin, expect=200)
    call('GET', '/api/orders/999999/tickets.pdf', token=admin, expect=404)
    call('GET', '/api/shifts/%d/report.pdf?paper=a4' % shift['id'], token=admin, expect=200)
    call('POST', '/api/scan', {'code': order['tickets'][0]['code']}, token=scanner, expect=200)
    call('POST', '/api/orders/%d/refund' % order['id'], {'reason': 'Wrong day'}, token=admin,
         expect=200)
    call('POST', '/api/orders/%d/refund' % order['id'], token=admin, expect=409)
    call('POST', '/api/scan', {'code': order['tickets'][1]['code']}, token=scanner, expect=422)
    call('GET', '/api/shifts/%d' % shift['id'], token=admin, expect=200)
    call('GET', '/api/shifts/%d/report' % shift['id'], token=admin, expect=200)
    call('GET', '/api/shifts/%d/report?format=xml' % shift['id'], token=admin, expect=400)
    call('POST', '/api/shifts/%d/close' % shift['id'], {'counted_cash': 9950}, token=admin,
         expect=200)
    call('POST', '/api/shifts/%d/close' % shift['id'], {'counted_cash': 9950}, token=admin,
         expect=409)
    call('GET', '/api/shifts/999999', token=admin, expect=404)
    call('GET', '/api/reports/sales?event_id=%d' % friday['id'], token=admin, expect=200)
    call('GET', '/api/reports/sales?from=2026-01-01&to=2030-12-31&format=csv', token=admin,
         expect=200)
    call('GET', '/api/reports/sales?from=soon', token=admin, expect=400)

    # The live stream: a WebSocket at /api/live (and at /api/events for stations of the
    # version before events), checked while the door works below.
    call('GET', '/api/live', expect=400)

    def ws_open(path):
        sock = socket.create_connection(('127.0.0.1', port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(('GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n'
                      'Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n'
                      'Sec-WebSocket-Version: 13\r\n\r\n' % (path, key)).encode())
        answer = b''
        while b'\r\n\r\n' not in answer:
            answer += sock.recv(4096)
        answer, rest = answer.split(b'\r\n\r\n', 1)
        if not answer.startswith(b'HTTP/1.1 101'):
            fail('GET %s: no WebSocket (%s)' % (path, answer[:40]))
        return sock, rest

    old_ws, _ = ws_open('/api/events')
    old_ws.close()
    ws, pending = ws_open('/api/live')
    exercised.add(('GET', '/api/live'))

    def ws_send(text):
        data = text.encode()
        mask = os.urandom(4)
        head = bytes([0x81]) + (bytes([0x80 | len(data)]) if len(data) < 126
                                else bytes([0x80 | 126]) + struct.pack('>H', len(data)))
        ws.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def ws_read():
        while True:
            buf = ws_state['buf']
            if len(buf) >= 2:
                length = buf[1] & 0x7f
                offset = 2
                if length == 126:
                    length, offset = struct.unpack('>H', buf[2:4])[0], 4
                elif length == 127:
                    length, offset = struct.unpack('>Q', buf[2:10])[0], 10
                if len(buf) >= offset + length:
                    opcode, data = buf[0] & 0x0f, buf[offset:offset + length]
                    ws_state['buf'] = buf[offset + length:]
                    return opcode, data
            chunk = ws.recv(65536)
            if not chunk:
                return None, b''
            ws_state['buf'] += chunk

    ws_state = {'buf': pending}
    event_schema = {'$ref': '#/components/schemas/Event'}
    auth = {'type': 'auth', 'token': admin}
    validate(auth, {'$ref': '#/components/schemas/EventAuth'}, 'the auth message')
    ws_send(json.dumps(auth))

    def next_event(where):
        opcode, data = ws_read()
        if opcode != 1:
            fail('%s: no text message on /api/live (opcode %s)' % (where, opcode))
            return None
        message = json.loads(data)
        validate(message, event_schema, '/api/live %s' % where)
        return message

    hello = next_event('hello')
    if hello is not None and hello.get('type') != 'hello':
        fail('/api/live: the first message is %r, not hello' % hello)
    call('PUT', '/api/events/%d' % friday['id'], {'venue': 'Main hall'}, token=admin, expect=200)
    changed = next_event('after a changed event')
    if changed is not None and changed.get('type') != 'event-updated':
        fail('/api/live: %r, not event-updated' % changed)

    # The door
    station = {'X-Tix-Station': 'gate-1'}
    call('PUT', '/api/tickets/%s/scan' % first['id'], token=scanner, expect=200, headers=station)
    next_event('after a scan')
    call('PUT', '/api/tickets/%s/scan' % first['id'], token=scanner, expect=400)
    call('PUT', '/api/tickets/%s/unscan' % first['id'], token=scanner, expect=200)
    next_event('after an undone scan')
    call('PUT', '/api/tickets/%s/unscan' % first['id'], token=scanner, expect=400)
    second = made[1]
    call('POST', '/api/scan', {'code': second['code']}, token=scanner, expect=200)
    scanned = next_event('after a scan by code')
    if scanned is not None and scanned.get('event_stats', {}).get('event_id') != second['event_id']:
        fail('/api/live: a scan without the counts of its event (event_stats): %r' % scanned)
    call('POST', '/api/scan', {'code': second['number']}, token=scanner, expect=400)
    call('POST', '/api/scan', {'code': made[2]['code'], 'prefixes': ['VIP']}, token=scanner,
         expect=422)
    call('POST', '/api/scan', {'code': 'TIX1' + 'A' * 132}, token=scanner, expect=422)
    call('POST', '/api/scan', {'code': 'GEN-999999'}, token=scanner, expect=404)
    call('POST', '/api/scan', {'code': made[3]['code'], 'scan_id': str(uuid.uuid4()),
                               'scanned_at': '2000-01-01T00:00:00.000Z'}, token=scanner,
         expect=400)
    status, reissued = call('POST', '/api/tickets/%s/reissue' % made[4]['id'], token=admin,
                            expect=200)
    call('POST', '/api/scan', {'code': made[4]['code']}, token=scanner, expect=422)
    call('POST', '/api/tickets/%s/reissue' % made[4]['id'], token=scanner, expect=403)
    status, sync = call('GET', '/api/sync?since=0&limit=1000', token=scanner, expect=200)
    call('GET', '/api/sync?since=%d' % sync['next'], token=scanner, expect=200)
    call('GET', '/api/sync?since=-1', token=scanner, expect=400)
    # An offline scan that another scan beat: a conflict.
    call('POST', '/api/scan', {'code': second['code'], 'scan_id': str(uuid.uuid4()),
                               'scanned_at': time.strftime('%Y-%m-%dT%H:%M:%S.000Z',
                                                           time.gmtime()),
                               'station': 'gate-2'}, token=scanner, expect=400)
    status, conflicts = call('GET', '/api/scans/conflicts', token=admin, expect=200)
    if not conflicts:
        fail('GET /api/scans/conflicts: the conflict is missing')
    call('GET', '/api/scans/conflicts', token=scanner, expect=403)

    # Reports
    for name in ('stats', 'daily', 'weekly', 'monthly', 'door', 'season'):
        call('GET', '/api/reports/%s' % name, token=scanner, expect=200)
        call('GET', '/api/reports/%s?event_id=%d' % (name, friday['id']), token=scanner, expect=200)
        call('GET', '/api/reports/%s?event_id=999999' % name, token=scanner, expect=404)
    call('GET', '/api/reports/door?date=2026-02-30', token=scanner, expect=400)
    status, season = call('GET', '/api/reports/season', token=scanner, expect=200)
    if season is not None and not any(row['busiest'] for row in season['events']):
        fail('GET /api/reports/season: no event has a busiest interval after the scans')
    call('GET', '/api/reports/season?event_id=x', token=scanner, expect=400)
    call('GET', '/api/reports/door?date=2026-03-29', token=scanner, expect=200)

    # Settings
    call('GET', '/api/settings', token=scanner, expect=200)
    call('PUT', '/api/settings', {'current_event_id': 999999}, token=admin, expect=400)
    # The current event is never archived, nor an archived one current.
    call('PUT', '/api/events/%d' % current, {'archived': True}, token=admin, expect=409)
    call('PUT', '/api/events/%d' % matinee['id'], {'archived': True}, token=admin, expect=200)
    call('PUT', '/api/settings', {'current_event_id': matinee['id']}, token=admin, expect=409)
    next_event('after an archived event')
    call('PUT', '/api/settings', {'event_name': 'Gala', 'event_date': '2026-12-31',
                                  'time_zone': 'Europe/Berlin', 'sheet_layout': 'roll-80'},
         token=admin, expect=200)
    next_event('after new settings')
    status, refused = call('PUT', '/api/settings', {'colour': 'red'}, token=admin, expect=400)
    if refused is not None and refused.get('field') != 'colour':
        fail('PUT /api/settings: an unknown member is not named in field')
    call('PUT', '/api/settings', {'event_name': 'x'}, token=scanner, expect=403)

    # Every operation that needs a token refuses a request without one (401), and
    # every one that a scanner may not call refuses a scanner (403), as x-tix-roles says.
    for template, item in spec['paths'].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            path = template.replace('{id}', str(uuid.uuid4()) if 'tickets' in template else '1')
            body = {} if 'requestBody' in operation else None
            needs_token = operation.get('security', spec.get('security')) != []
            if needs_token:
                call(method.upper(), path, body, expect=401)
            roles = operation.get('x-tix-roles')
            if roles is None:
                fail('%s %s: no x-tix-roles' % (method.upper(), template))
            elif needs_token and 'scanner' not in roles:
                call(method.upper(), path, body, token=scanner, expect=403)

    # Audit, own sessions
    call('GET', '/api/audit?limit=5', token=admin, expect=200)
    call('GET', '/api/audit', token=scanner, expect=403)
    call('PUT', '/api/auth/password', {'current_password': 'not it at all',
                                       'new_password': 'a new one!'}, token=scanner, expect=400)
    call('PUT', '/api/auth/password', {'current_password': password,
                                       'new_password': 'a new one!'}, token=scanner, expect=200)
    call('POST', '/api/auth/logout-others', token=admin, expect=200)

    # 4. Compression
    big_path = '/api/tickets?limit=1000'
    plain = None
    status, headers, body = raw_request('GET', big_path, token=admin,
                                        headers={'Accept-Encoding': 'gzip'})
    if header(headers, 'Content-Encoding') != 'gzip':
        fail('GET %s with Accept-Encoding: gzip: not compressed (%d bytes)' % (big_path, len(body)))
    else:
        plain = gzip.decompress(body)
        if len(body) * 2 > len(plain):
            fail('GET %s: gzip saved too little (%d of %d)' % (big_path, len(body), len(plain)))
        if int(header(headers, 'Content-Length') or -1) != len(body):
            fail('GET %s: Content-Length is not the compressed length' % big_path)
    if 'accept-encoding' not in (header(headers, 'Vary') or '').lower():
        fail('GET %s: no Vary: Accept-Encoding' % big_path)
    status, headers, plain_body = raw_request('GET', big_path, token=admin)
    if header(headers, 'Content-Encoding') is not None:
        fail('GET %s without Accept-Encoding: compressed' % big_path)
    elif plain is not None and json.loads(plain) != json.loads(plain_body):
        fail('GET %s: the gzip answer is not the plain one' % big_path)
    status, headers, body = raw_request('GET', big_path, token=admin,
                                        headers={'Accept-Encoding': 'gzip;q=0, deflate'})
    if header(headers, 'Content-Encoding') is not None:
        fail('GET %s with gzip;q=0: compressed' % big_path)
    status, headers, body = raw_request('GET', '/api/auth/me', token=admin,
                                        headers={'Accept-Encoding': 'gzip'})
    if header(headers, 'Content-Encoding') is not None:
        fail('GET /api/auth/me (%d bytes): a small answer compressed' % len(body))
    for path in ('/api/sync?limit=5000', '/api/openapi.json'):
        status, headers, body = raw_request('GET', path, token=admin,
                                            headers={'Accept-Encoding': 'gzip'})
        if header(headers, 'Content-Encoding') != 'gzip':
            fail('GET %s with Accept-Encoding: gzip: not compressed' % path)
        else:
            call('GET', path, token=admin, expect=200, headers={'Accept-Encoding': 'gzip'})

    # Last: what ends sessions and tickets.
    call('DELETE', '/api/tickets/%s' % made[5]['id'], token=scanner, expect=403)
    call('DELETE', '/api/tickets/%s' % made[5]['id'], token=admin, expect=200)
    next_event('after a delete')
    call('DELETE', '/api/tickets', token=scanner, expect=403)
    call('DELETE', '/api/tickets', token=admin, expect=200)
    next_event('after a clear')
    call('POST', '/api/auth/logout', token=scanner, expect=200)
    call('GET', '/api/auth/me', token=scanner, expect=401)
    ws.close()

    for method, path in sorted(spec_routes):
        if (method, path) not in exercised:
            fail('%s %s: in the spec, but this test never calls it' % (method, path))
    print('%d operations called, %d checks failed' % (len(exercised), len(errors)))
finally:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    shutil.rmtree(tmp, ignore_errors=True)

sys.exit(1 if errors else 0)
