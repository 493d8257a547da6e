"""The errors a publish raises when it cannot start or finish."""


class PublishError(Exception):
    """A publish that could not be done or finished; the message says what was done."""


class BadTargetError(PublishError):
    """The TARGET argument cannot be used; nothing was read or written (a usage error)."""


class ForceRequiredError(PublishError):
    """The plan would delete more than half of what the target holds: ask for --force."""
