"""Slack: ``frontend`` (the Bolt app: Socket Mode or HTTP, ack first, admin checks),
``verbs`` (one method per ``/digest`` verb), ``commands`` (parsing the command text),
``render`` (a digest as Block Kit within Slack's limits) and ``delivery`` (posting it).
"""
