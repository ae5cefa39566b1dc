"""gunicorn settings, read from the working directory by every `gunicorn` started here.

Sync workers, one request per process, behind nginx (`deploy/nginx.conf`): nginx holds the
browsers' keep-alive connections and buffers uploads and downloads, so a worker is busy
only while Django works. A form request is CPU work (about 12 ms) between short database
calls; threads in one process would wait on each other for Python's GIL after every
query, and more processes than cores only time-slice the same CPUs. Measured with
`benchmarks/form_load.py` on 2 cores, 100 users: without nginx, a client's new connection
that has not sent its request yet holds a sync worker (p50 600 ms at ~49 req/s); behind
nginx, 3 sync workers gave form GET p95 42 ms and save 50 ms, and held up best at ~95 req/s
(GET p95 128-199 ms; 5 sync workers 388 ms). WEB_CONCURRENCY overrides the worker count
(cores + 1 by default).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# nginx sets X-Forwarded-For/Proto; trust them only from the proxy's address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# %(D)s is the time Django took in microseconds: the client's wait minus it is queueing
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)s'
