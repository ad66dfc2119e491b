"""The web application (``ogi serve``): check reports, review findings, browse the corpus.

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2, argon2-cffi, itsdangerous)
and SQLAlchemy from the ``corpus`` extra. See ``docs/web.md``.
"""
