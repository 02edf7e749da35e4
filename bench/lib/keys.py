"""Keys whose hash slots are known without asking a server, for the bench/ scripts.

Every key carries a hash tag chosen so that it lands in a given slot (CRC16 of the tag, modulo 16384, as Redis
Cluster hashes). Run as a script it writes SET commands in RESP for redis-cli --pipe:

    python3 bench/lib/keys.py KEYS SLOTS VALUE_BYTES > load.resp

KEYS strings of VALUE_BYTES bytes, spread evenly over slots 0 to SLOTS-1.
"""
import sys

_TABLE = []
for _byte in range(256):
    _crc = _byte << 8
    for _ in range(8):
        _crc = ((_crc << 1) ^ 0x1021) if _crc & 0x8000 else _crc << 1
    _TABLE.append(_crc & 0xFFFF)


def slot_of(text):
    crc = 0
    for byte in text.encode():
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[(crc >> 8) ^ byte]
    return crc % 16384


def tags(first, last):
    """A hash tag for each slot from first to last, in slot order."""
    found = {}
    n = 0
    while len(found) < last - first + 1:
        tag = "t%d" % n
        slot = slot_of(tag)
        if first <= slot <= last and slot not in found:
            found[slot] = tag
        n += 1
    return [found[slot] for slot in range(first, last + 1)]


def write_load(keys, slots, value_bytes, out):
    slot_tags = tags(0, slots - 1)
    batch = []
    for i in range(keys):
        key = "{%s}:%010d" % (slot_tags[i % slots], i)
        value = key.ljust(value_bytes, "x")[:value_bytes]
        batch.append("*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(key), key, value_bytes, value))
        if len(batch) == 10000:
            out.write("".join(batch).encode())
            batch = []
    out.write("".join(batch).encode())


if __name__ == "__main__":
    write_load(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.stdout.buffer)
