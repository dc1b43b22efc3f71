"""api.video text tracks: captions and chapters, one WebVTT file per video, kind and language."""
