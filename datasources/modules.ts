import { fruugoModule } from './fruugo/index.js';
import { increffModule } from './increff/index.js';
import { marketplacerModule } from './marketplacer/index.js';
import { noonModule } from './noon/index.js';

/**
 * Every marketplace the gateway knows, one module each (`src/marketplace-module.ts`): the configuration, the
 * composition and the start-up log loop over this list. Adding a marketplace is its folder, one line here and its
 * value in `Marketplace` (src/domain/marketplace.ts). The order is the order its variables are checked in.
 */
export const MARKETPLACE_MODULES = [noonModule, fruugoModule, increffModule, marketplacerModule] as const;
