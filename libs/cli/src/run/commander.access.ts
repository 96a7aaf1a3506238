import { Injectable } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import type { CommanderNode } from './commander-tree.js';

/** The root commander command nest-commander built (to configure its error handling and output). */
@Injectable()
export class CommanderAccess {
  constructor(@InjectCommander() readonly commander: CommanderNode) {}
}
