"""What this process is: one `trip` command that exits when done, or a program that goes on.

The console script (`cli.main`) declares one command. Only then does loading a big
itinerary freeze it out of the garbage collector's sight, keep the collector off and skip
freeing the itinerary at exit (see `loader`): in a program that loads itineraries and goes
on running, those would be memory leaks and side effects on the host.
"""

one_command = False
