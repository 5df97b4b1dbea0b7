"""How tests/fakes/fake_model names the speakers of a transcript's turns (lines opening with ">> " or
"Name: "), as the translate prompts ask: from the material's own evidence only, else a neutral label.

Its evidence, deterministic and simple:
- a line the captions label ("SARAH: …") is that speaker's;
- the hosts the prompt lists ("the channel's hosts (A, B)"): the first is the host, else "Host";
- someone introduced in the text ("travel expert JANINE TURNER", "joined by …", "my name is …") is
  the guest, else "Guest 1".
A ">>" turn after an introduction is the guest's, and turns alternate between host and guest from
there; before any introduction the first turn is the host's.
It does so with the fault name_speakers; with invent=True (fault invent_speakers) it misbehaves as models do: the guest gets a name that the
material never mentions.
"""
import re

HOSTS = re.compile(r"the channel's hosts \(([^)]*)\)")
INTRODUCED = re.compile(r"\b(?:expert|joined by|my name is)\s+([A-Za-z][A-Za-z'-]+ [A-Za-z][A-Za-z'-]+)", re.I)
INVENTED = "Dr. Maria Lopez"
TURN = ">> "


def is_turn(line):
    """line: (stamp, seconds, speaker, text) as fake_model_answers reads it."""
    return bool(line[2]) or line[3].startswith(TURN)


class Namer:
    def __init__(self, prompt, invent=False):
        hosts = HOSTS.search(prompt)
        self.host = hosts.group(1).split(", ")[0] if hosts else "Host"
        self.guest = INVENTED if invent else "Guest 1"
        self.next_is_guest = False

    def heard(self, line):
        """A line that is not a turn: an introduction there makes the next turn the guest's."""
        m = INTRODUCED.search(line[3])
        if m:
            if self.guest != INVENTED:
                self.guest = m.group(1).title()
            self.next_is_guest = True

    def name(self, line):
        """The label for a turn line, and its text without the turn marker."""
        if line[2]:
            return line[2], line[3]
        who = self.guest if self.next_is_guest else self.host
        self.next_is_guest = not self.next_is_guest
        return who, line[3][len(TURN):]
