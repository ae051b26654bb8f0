#!/usr/bin/env bash
# A 2 GiB ext4 file system on a loop device whose backing file lives on a 160 MiB tmpfs: once about 150 MB are
# written back, the loop device fails every write (the backing tmpfs is full), as a failing or thin-provisioned
# disk would, while ext4 still reports 1.5 GB free. Needs root. Usage: eio-setup.sh up | down
set -u
case "$1" in
  up)
    mkdir -p /mnt/eiob /mnt/eio
    mount -t tmpfs -o size=160m tmpfs /mnt/eiob
    truncate -s 2G /mnt/eiob/disk.img
    loop=$(losetup -f --show /mnt/eiob/disk.img)
    mkfs.ext4 -q -E lazy_itable_init=1,lazy_journal_init=1 "$loop"
    mount "$loop" /mnt/eio
    df -h /mnt/eio /mnt/eiob ;;
  down)
    loop=$(findmnt -n -o SOURCE /mnt/eio)
    umount /mnt/eio; losetup -d "$loop"; umount /mnt/eiob ;;
esac
