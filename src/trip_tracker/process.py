"""What this process is: one `trip` command that exits when done, or a program that goes on;
and what its output streams can write.

The console script (`cli.main`) declares one command. Only then does loading a big
itinerary freeze it out of the garbage collector's sight, keep the collector off and skip
freeing the itinerary at exit (see `loader`): in a program that loads itineraries and goes
on running, those would be memory leaks and side effects on the host.
"""

one_command = False


def encodes_all_text(stream: object) -> bool:
    """Whether `stream` can write any character: a UTF encoding. A stdout made ASCII
    (`PYTHONIOENCODING=ascii`) or a Latin-1 terminal cannot."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:  # pragma: no cover - an encoding Python does not know
        return False
