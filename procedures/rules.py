"""The vocabulary every permission layer of the procedure speaks: an `Answer`
(allowed, or refused with the reason) and `require()`, which turns a refusal into
PermissionDenied (who) or TransitionRefused (when)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Answer:
    allowed: bool
    reason: str = ""
    # True: this user may never do it here (403); false: not in this state (a message).
    forbidden: bool = False

    def __bool__(self) -> bool:
        return self.allowed


YES = Answer(True)


def forbidden(reason: str) -> Answer:
    return Answer(False, reason, forbidden=True)


def not_now(reason: str) -> Answer:
    return Answer(False, reason)


def require(answer: Answer) -> None:
    """Refuse unless allowed: PermissionDenied for who, TransitionRefused for when."""
    if answer:
        return
    if answer.forbidden:
        raise PermissionDenied(answer.reason)
    raise TransitionRefused(answer.reason)


def all_of(*answers) -> Answer:
    for answer in answers:
        if not answer:
            return answer
    return YES


class TransitionRefused(Exception):
    """The action is not possible now; the message says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
