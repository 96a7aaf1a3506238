import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeviceRepository } from './device.repository.js';
import { RecordReading } from './record-reading.command.js';

/** The realistic handler: load the aggregate, run the command method, append its event. */
@CommandHandler(RecordReading)
export class RecordReadingHandler implements ICommandHandler<RecordReading> {
  constructor(private readonly devices: DeviceRepository) {}

  async execute(command: RecordReading): Promise<{ deviceId: string; version: number }> {
    const device = await this.devices.load(command.deviceId);
    device.record(command.value);
    return { deviceId: command.deviceId, version: await this.devices.save(device) };
  }
}
