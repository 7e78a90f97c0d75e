"""Use cases: each public function is one user action, one transaction.

Services own the Session scope and return frozen dataclasses, never ORM objects, so
the window and worker threads never hold a Session.
"""
