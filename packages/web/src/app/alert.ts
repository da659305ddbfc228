/** The duty desk's attention signals for a new urgent request: a short tone and a count in the tab title. */

let audio: AudioContext | null = null;

/** Two short tones, made with WebAudio (no media files: the node's CSP serves none). */
export function playUrgentTone() {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const start = audio.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.25, start + i * 0.25 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.25 + 0.22);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.25);
      osc.stop(start + i * 0.25 + 0.24);
    }
  } catch {
    // No audio device or autoplay refused: the title badge and the row still show it.
  }
}

/** The tab title with a count of unseen urgent requests: `(2) 值班台 · 铁盟警务`. */
export function titleWithBadge(base: string, unseen: number): string {
  return unseen > 0 ? `(${unseen}) ${base}` : base;
}
