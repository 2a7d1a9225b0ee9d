"""moto_server with every request applied one at a time.

moto's own server runs requests on parallel threads without a lock around its backends, so two concurrent
UpdateItem calls on one DynamoDB item can lose a write; real DynamoDB applies each item write atomically.
Serialising requests gives the tests DynamoDB's atomicity, so concurrency tests check our code, not moto's.
Usage: python3 moto_serial.py HOST PORT
"""
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple


def serialised(app):
    lock = threading.Lock()

    def call(environ, start_response):
        with lock:
            # materialise the body inside the lock: the backend may still be read while it is produced
            return list(app(environ, start_response))

    return call


if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(host, port, serialised(app), threaded=True)
