# The agent's flow of workstation.sh at 200x60: the same keys, the same
# results, laid out on a large terminal.
WS_COLS=200 WS_LINES=60
. "$COBRADOR_TOP/tests/tui/workstation.sh"
