#!/bin/bash
# Loss-weight sweep on the device machine: one eager training process per style weight, all on the one GPU at
# once, each resumed from training/.cache/run for SECONDS; sheets and model checkpoints come back in $OUT.
#   bash training/scripts/device_sweep.sh SECONDS TV_WEIGHT STYLE_WEIGHT...
cd "$(dirname "$0")/.." || exit 1
C=.cache
export PYTHONUNBUFFERED=1
LOSS=$C/resnet18_l3.pt
HOLD=the-great-wave-off-kanagawa
secs=$1 tv=$2
shift 2
for w in "$@"; do
  python3 -m cin_train.train --loss-net $LOSS --styles $C/data/styles.npz \
    --content $C/data/content_train0.npz $C/data/content_train1.npz --out $C/sweep_$w --resume $C/run \
    --hold-out $HOLD --style-weight "$w" --tv-weight "$tv" --time-limit "$secs" --log-every 250 \
    > "$C/sweep_$w.log" 2>&1 &
done
wait
for w in "$@"; do
  tail -n 3 "$C/sweep_$w.log"
  cat "$C/sweep_$w.log" >> "$OUT/sweep.log"
  cp $C/sweep_$w/ckpt_model.pt "$OUT/sweep_${w}_model.pt"
  python3 -m cin_train.evaluate $C/sweep_$w/ckpt_model.pt --loss-net $LOSS --styles $C/data/styles.npz \
    --eval $C/data/content_eval.npz --sheet "$OUT/sheet_$w.jpg" --sheet-photos 4 \
    --sheet-styles starry-night,the-scream,composition-vii,woman-with-a-hat,the-kiss,water-lilies
done
