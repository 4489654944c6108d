import { DomainError } from '../../shared/ipc/result';
import { searchReadings } from '../../shared/patients/patient-search';
import type { patientChannels } from '../../shared/patients/patient.contract';
import type { HandlerMap } from '../ipc/router';

export const patientHandlers = {
  'patient.search': async (input, ctx) => {
    const results = await ctx.repo.patientSearch.search(input.query, input.limit);
    // Searches are audited (who searched, how and how many patients it showed), never with the typed
    // text: a name, phone number or date of birth is PHI and the trail is exported to CSV (docs/audit.md).
    Object.assign(ctx.audit, { entityType: 'patient_search', detail: { readAs: searchReadings(input.query), resultCount: results.length } });
    return results;
  },
  'patient.get': async (input, ctx) => {
    const chart = await ctx.repo.patients.chart(input.id);
    Object.assign(ctx.audit, { entityType: 'patient', entityId: chart.id, patientId: chart.id, detail: { view: 'chart' } });
    return chart;
  },
  'patient.documents': async (input, ctx) => {
    const documents = await ctx.repo.patients.documents(input.patientId, input.kind);
    Object.assign(ctx.audit, { entityType: 'patient', entityId: input.patientId, patientId: input.patientId, detail: { view: 'documents', kind: input.kind ?? null, resultCount: documents.length } });
    return documents;
  },
  'patient.duplicates': async (input, ctx) => {
    const found = await ctx.repo.patients.duplicates(input);
    Object.assign(ctx.audit, { entityType: 'patient_duplicates', detail: { resultCount: found.length } });
    return found;
  },
  'patient.save': async (input, ctx) => {
    if (input.id === undefined && !input.acknowledgeDuplicates) {
      const duplicates = await ctx.repo.patients.duplicates(input);
      if (duplicates.length > 0) {
        throw new DomainError('conflict', `This may be a patient already registered: ${duplicates.map((d) => `${d.displayName} (MRN ${d.mrn})`).join('; ')}.`, [
          { path: 'acknowledgeDuplicates', message: 'possible_duplicate' },
        ]);
      }
    }
    const patientId = await ctx.write(async (tx) => {
      const id = await ctx.mutate(tx, 'patient.save', input);
      Object.assign(ctx.audit, { entityType: 'patient', entityId: id, patientId: id, detail: { created: input.id === undefined, insurances: input.insurances.length } });
      return id;
    });
    return ctx.repo.patients.chart(patientId);
  },
  'patient.mergePreview': async (input, ctx) => {
    const preview = await ctx.repo.patients.mergePreview(input.survivorId, input.mergedId);
    Object.assign(ctx.audit, { entityType: 'patient', entityId: input.survivorId, patientId: input.survivorId, detail: { mergePreviewOf: input.mergedId } });
    return preview;
  },
  'patient.merge': async (input, ctx) => {
    const mergeId = await ctx.write(async (tx) => {
      const id = await ctx.mutate(tx, 'patient.merge', input);
      Object.assign(ctx.audit, { entityType: 'patient_merge', entityId: id, patientId: input.survivorId, detail: { survivorId: input.survivorId, mergedId: input.mergedId, reason: input.reason } });
      return id;
    });
    return ctx.repo.patients.merge(mergeId);
  },
  'patient.merges': async (input, ctx) => {
    Object.assign(ctx.audit, { entityType: 'patient', entityId: input.patientId, patientId: input.patientId, detail: { view: 'merges' } });
    return ctx.repo.patients.merges(input.patientId);
  },
  'patient.unmerge': async (input, ctx) => {
    const mergeId = await ctx.write(async (tx) => {
      const id = await ctx.mutate(tx, 'patient.unmerge', input);
      Object.assign(ctx.audit, { entityType: 'patient_merge', entityId: id, detail: { reversed: true } });
      return id;
    });
    return ctx.repo.patients.merge(mergeId);
  },
} satisfies Pick<HandlerMap, keyof typeof patientChannels>;
