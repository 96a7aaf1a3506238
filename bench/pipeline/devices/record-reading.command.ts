import { IsInt, IsString, Length, Min } from 'class-validator';

/** Command of the realistic handler: two validated fields, as in the other tables. */
export class RecordReading {
  @IsString()
  @Length(3, 64)
  readonly deviceId: string;

  @IsInt()
  @Min(0)
  readonly value: number;

  constructor(deviceId: string, value: number) {
    this.deviceId = deviceId;
    this.value = value;
  }
}
