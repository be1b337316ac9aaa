import { realDisk, type Disk } from '../../electron/core/util/disk.ts';

/** A disk that fills up on demand: while `full`, every write fails as a full disk does (ENOSPC). */
export interface FullDisk extends Disk {
  full: boolean;
  /** Writes refused while full. */
  refused: number;
}

export function fullDisk(): FullDisk {
  const enospc = (file: string) => {
    disk.refused++;
    return Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC', errno: -28 });
  };
  const disk: FullDisk = {
    full: false,
    refused: 0,
    writeAtomic(file, text) {
      if (disk.full) throw enospc(file);
      realDisk.writeAtomic(file, text);
    },
    async write(fd, buf, offset, length) {
      if (disk.full) throw enospc(`fd ${fd}`);
      return realDisk.write(fd, buf, offset, length);
    },
  };
  return disk;
}
