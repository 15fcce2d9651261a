#!/bin/bash
# Last call of a run: finish training, add the held-out painting with add_style, evaluate on the held-out photos,
# and make the sample sheet; everything comes back in $OUT.
#   bash training/scripts/device_final.sh TRAIN_SECONDS ADD_STYLE_SECONDS [extra train.py args]
set -o pipefail
cd "$(dirname "$0")/.." || exit 1
C=.cache
export PYTHONUNBUFFERED=1
LOSS=$C/resnet18_l3.pt
HOLD=the-great-wave-off-kanagawa
PACKS="$C/data/content_train0.npz $C/data/content_train1.npz"
python3 -m cin_train.train --loss-net $LOSS --styles $C/data/styles.npz --content $PACKS \
  --out $C/run --resume $C/run --hold-out $HOLD --compile --time-limit "$1" "${@:3}" 2>&1 | tee "$OUT/train.log" || exit 1
cp $C/run/ckpt_model.pt $C/run/ckpt_opt.pt "$OUT/"
python3 -m cin_train.add_style $C/run/ckpt_model.pt $C/data/styles.npz $HOLD --loss-net $LOSS --content $PACKS \
  --out $C/full40.pt --steps 5000 --time-limit "$2" 2>&1 | tee "$OUT/add_style.log" || exit 1
cp $C/full40.pt "$OUT/"
python3 -m cin_train.evaluate $C/full40.pt --loss-net $LOSS --styles $C/data/styles.npz \
  --eval $C/data/content_eval.npz --json "$OUT/eval.json" --sheet "$OUT/samples.jpg" --sheet-photos 6 \
  --sheet-styles starry-night,the-scream,composition-vii,woman-with-a-hat,the-kiss,water-lilies,a-sunday-on-la-grande-jatte,$HOLD
