"""The Buurttafel domain: rounds, tables, participants, phases and their rules.

Nothing in this package imports Flask, Flask-SocketIO, eventlet or the delivery
package `facilitator`; tests/unit/test_dependency_rule.py enforces it.
"""
