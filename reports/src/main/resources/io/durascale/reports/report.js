// Draws every chart container from the embedded data; window.durascaleReport tells a test (or a reader's
// console) how many charts were drawn and which failed.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);

  // Numbers as a person reads them — 0.068, 123.5, 1,250 — on every axis, tooltip and label: the data keep full
  // precision, the page does not show it (0.06796975499999999 is not a figure anyone reads).
  function number(v) {
    if (typeof v !== 'number' || !isFinite(v)) {
      return v;
    }
    var a = Math.abs(v);
    var digits = a === 0 || a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.01 ? 3 : 5;
    return v.toLocaleString('en-US', { maximumFractionDigits: digits });
  }
  function money(v, currency) {
    var text = number(v);
    return currency === 'USD' ? '$' + text : text + ' ' + currency;
  }
  function last(value) {
    return Array.isArray(value) ? value[value.length - 1] : value;
  }
  function formatNumbers(option) {
    option.tooltip = option.tooltip || {};
    if (!option.tooltip.valueFormatter) {
      option.tooltip.valueFormatter = function (v) {
        return Array.isArray(v) ? v.map(number).join(', ') : number(v);
      };
    }
    ['xAxis', 'yAxis'].forEach(function (key) {
      [].concat(option[key] || []).forEach(function (axis) {
        if (axis && (axis.type === 'value' || axis.type === 'log')) {
          axis.axisLabel = axis.axisLabel || {};
          if (!axis.axisLabel.formatter) {
            axis.axisLabel.formatter = function (v) { return number(v); };
          }
        }
      });
    });
    (option.series || []).forEach(function (series) {
      var label = series.label;
      if (label && typeof label.formatter === 'string') {
        var currency = label.formatter.indexOf('money:') === 0 ? label.formatter.substring(6) : null;
        if (currency || label.formatter === '{c}') {
          label.formatter = function (p) {
            return currency ? money(last(p.value), currency) : number(last(p.value));
          };
        }
      }
    });
    return option;
  }

  var state = { charts: 0, failed: [], done: false };
  var instances = [];
  var containers = document.querySelectorAll('[data-chart]');
  for (var i = 0; i < containers.length; i++) {
    var el = containers[i];
    var id = el.getAttribute('data-chart');
    try {
      var option = data.charts[id];
      if (!option) {
        throw new Error('no data for chart ' + id);
      }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(formatNumbers(option));
      instances.push(chart);
      el.setAttribute('data-rendered', 'true');
      state.charts++;
    } catch (e) {
      state.failed.push(id);
      el.textContent = 'This chart could not be drawn: ' + e.message;
      console.error('chart ' + id + ': ' + e.message);
    }
  }
  window.addEventListener('resize', function () {
    instances.forEach(function (c) { c.resize(); });
  });
  state.done = true;
  window.durascaleReport = state;
})();
