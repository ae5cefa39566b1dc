"""gunicorn settings, read from the working directory by every `gunicorn` started here.

Sync workers, one request per process, behind nginx (`deploy/nginx.conf`): nginx holds the
browsers' keep-alive connections and buffers uploads and downloads, so a worker is busy
only while Django works. A form request is CPU work (about 12 ms) between short database
calls; threads in one process would wait on each other for Python's GIL after every
query, and more processes than cores only time-slice the same CPUs. Measured with
`benchmarks/form_load.py` on 2 cores (100 users, ~50 requests/s): 3 sync workers kept the
form page's p95 at 60 ms and a save's at 32 ms; 5 gthread workers x 4 threads gave 83 ms and
878 ms. WEB_CONCURRENCY overrides the worker count (cores + 1 by default).
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
