#!/bin/bash
# One training chunk on the device machine (run from the repository root there; $OUT comes back).
#   bash training/scripts/device_chunk.sh SECONDS MIN_STEP [extra train.py args]
# SECONDS bounds the training process's wall time. MIN_STEP is the step the resumed checkpoint must have reached:
# a fresh machine that did not get the checkpoint carried in stops here instead of silently starting over.
set -o pipefail
cd "$(dirname "$0")/.." || exit 1
C=.cache
export PYTHONUNBUFFERED=1
LOSS=$C/resnet18_l3.pt
HOLD=the-great-wave-off-kanagawa
step=$(python3 -c "import torch,sys; print(torch.load(sys.argv[1],map_location='cpu')['step'])" $C/run/ckpt_model.pt 2>/dev/null || echo 0)
if [ "$step" -lt "$2" ]; then echo "checkpoint at step $step, expected >= $2: carry training/.cache/run"; exit 3; fi
python3 -m cin_train.train --loss-net $LOSS --styles $C/data/styles.npz \
  --content $C/data/content_train0.npz $C/data/content_train1.npz \
  --out $C/run --resume $C/run --hold-out $HOLD --compile --time-limit "$1" "${@:3}" 2>&1 | tee -a "$OUT/train.log" || exit 1
cp $C/run/ckpt_model.pt $C/run/ckpt_opt.pt "$OUT/"
python3 -m cin_train.evaluate $C/run/ckpt_model.pt --loss-net $LOSS --styles $C/data/styles.npz \
  --eval $C/data/content_eval.npz --sheet "$OUT/samples.jpg" --sheet-photos 4 \
  --sheet-styles starry-night,the-scream,composition-vii,woman-with-a-hat,the-kiss,water-lilies,$HOLD
