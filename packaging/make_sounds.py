# SPDX-License-Identifier: Apache-2.0
"""Make the station's sounds (station/ui/sounds/*.wav): run once, commit the files.

accept: one short high tone; reject: two low tones; attention: three rising tones. They
differ in pitch and rhythm, so they are told apart in a noisy warehouse and by people who do
not hear one frequency range well.
"""

from __future__ import annotations

import array
import math
import wave
from pathlib import Path

RATE = 22_050
TARGET = Path(__file__).parents[1] / "station" / "ui" / "sounds"


def tone(freq: float, ms: int, amp: float = 0.6) -> list[int]:
    n = int(RATE * ms / 1000)
    fade = int(RATE * 0.005)
    out = []
    for i in range(n):
        env = min(1.0, i / fade, (n - i) / fade)
        out.append(int(32767 * amp * env * math.sin(2 * math.pi * freq * i / RATE)))
    return out


def silence(ms: int) -> list[int]:
    return [0] * int(RATE * ms / 1000)


SOUNDS = {
    "accept": tone(1568, 110),
    "reject": tone(330, 170) + silence(70) + tone(262, 220),
    "attention": tone(660, 90) + silence(40) + tone(880, 90) + silence(40) + tone(1175, 120),
}


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, samples in SOUNDS.items():
        with wave.open(str(TARGET / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(array.array("h", samples).tobytes())


if __name__ == "__main__":
    main()
